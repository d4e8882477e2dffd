import { AlertTriangle, Info, OctagonAlert } from 'lucide-react';
import type { Severity } from '@/lib/rules/types';
import { Badge } from '../ui/badge';

const STYLE = {
  critical: { tone: 'crit', icon: OctagonAlert, label: 'Critical' },
  warning: { tone: 'warn', icon: AlertTriangle, label: 'Warning' },
  info: { tone: 'info', icon: Info, label: 'Info' },
} as const;

export function SeverityBadge({ severity }: { severity: Severity }) {
  const s = STYLE[severity];
  const Icon = s.icon;
  return (
    <Badge tone={s.tone}>
      <Icon aria-hidden className="size-3" />
      {s.label}
    </Badge>
  );
}

export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
