'use client';

import { useEffect, useState } from 'react';
import { formatAge, formatRelative } from '@/lib/format';

/** Re-renders every `intervalMs` so "5 s ago" keeps counting. */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** A timestamp shown relative to now, with the exact time on hover. */
export function RelativeTime({ iso, style = 'relative' }: { iso: string | undefined; style?: 'relative' | 'age' }) {
  const now = useNow();
  if (!iso) return <span className="text-faint">—</span>;
  const text = style === 'age' ? formatAge(iso, now) : formatRelative(iso, now);
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} suppressHydrationWarning>
      {text}
    </time>
  );
}
