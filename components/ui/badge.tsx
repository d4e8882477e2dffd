import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'ok' | 'warn' | 'crit' | 'info' | 'accent';

const TONES: Record<Tone, string> = {
  neutral: 'bg-surface-2 text-muted ring-line',
  ok: 'bg-ok-soft text-ok ring-ok/25',
  warn: 'bg-warn-soft text-warn ring-warn/25',
  crit: 'bg-crit-soft text-crit ring-crit/25',
  info: 'bg-info-soft text-info ring-info/25',
  accent: 'bg-accent-soft text-accent ring-accent/25',
};

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export function Dot({ tone }: { tone: Tone }) {
  const color = { neutral: 'bg-faint', ok: 'bg-ok', warn: 'bg-warn', crit: 'bg-crit', info: 'bg-info', accent: 'bg-accent' }[tone];
  return <span aria-hidden className={`inline-block size-2 shrink-0 rounded-full ${color}`} />;
}
