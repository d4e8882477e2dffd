import type { ReactNode } from 'react';
import { AlertTriangle, Info, OctagonAlert } from 'lucide-react';

const STYLES = {
  crit: { box: 'border-crit/30 bg-crit-soft', icon: OctagonAlert, color: 'text-crit' },
  warn: { box: 'border-warn/30 bg-warn-soft', icon: AlertTriangle, color: 'text-warn' },
  info: { box: 'border-info/30 bg-info-soft', icon: Info, color: 'text-info' },
};

/** A message box for states the user must notice: unreachable cluster, stale data, bad kubeconfig. */
export function Callout({ tone, title, children, role = 'status' }: { tone: keyof typeof STYLES; title: ReactNode; children?: ReactNode; role?: 'status' | 'alert' }) {
  const s = STYLES[tone];
  const Icon = s.icon;
  return (
    <div role={role} className={`mb-6 flex gap-3 rounded-lg border px-4 py-3 ${s.box}`}>
      <Icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${s.color}`} />
      <div className="min-w-0 text-sm">
        <p className="font-medium text-fg">{title}</p>
        {children ? <div className="mt-1 text-muted">{children}</div> : null}
      </div>
    </div>
  );
}
