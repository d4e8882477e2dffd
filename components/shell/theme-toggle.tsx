'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { useState } from 'react';

export type Theme = 'system' | 'light' | 'dark';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const ICONS = { system: Monitor, light: Sun, dark: Moon };

/** Cycles system → light → dark; the choice lives in a cookie so the server renders it. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const Icon = ICONS[theme];
  return (
    <button
      type="button"
      onClick={() => {
        const next = NEXT[theme];
        setTheme(next);
        document.documentElement.classList.remove('light', 'dark');
        if (next !== 'system') document.documentElement.classList.add(next);
        document.cookie = `scaleguard_theme=${next}; Path=/; Max-Age=31536000; SameSite=Lax`;
      }}
      aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}.`}
      title={`Theme: ${theme}`}
      className="inline-flex size-8 items-center justify-center rounded-md border border-line bg-surface text-muted hover:text-fg"
    >
      <Icon aria-hidden className="size-4" />
    </button>
  );
}
