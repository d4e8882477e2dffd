/** Button looks shared by the migration pages (the app's bordered buttons, plus a filled primary and a danger). */
const base = 'inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50';

export const BUTTON = {
  primary: `${base} bg-accent text-surface hover:opacity-90`,
  secondary: `${base} border border-line bg-surface text-fg hover:bg-surface-2`,
  danger: `${base} bg-crit text-surface hover:opacity-90`,
  dangerOutline: `${base} border border-crit/40 bg-surface text-crit hover:bg-crit-soft`,
} as const;
