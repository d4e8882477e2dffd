/**
 * Go's `time.ParseDuration`, which CronHPA's `@every <duration>` uses: `1h30m`, `1.5h`, `300ms`,
 * `-2m`, units ns, us/µs, ms, s, m, h; errors worded as Go words them.
 */

const UNITS_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

const quote = (s: string): string => JSON.stringify(s);

/** Nanoseconds, or the Go error text (`time: invalid duration "x"`). */
export function parseGoDuration(text: string): { ok: true; ns: number } | { ok: false; error: string } {
  const invalid = { ok: false as const, error: `time: invalid duration ${quote(text)}` };
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ns: 0 };
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) return invalid;
    const intPart = /^\d*/.exec(s)![0];
    s = s.slice(intPart.length);
    let frac = '';
    if (s[0] === '.') {
      s = s.slice(1);
      frac = /^\d*/.exec(s)![0];
      s = s.slice(frac.length);
      if (intPart === '' && frac === '') return invalid;
    } else if (intPart === '') return invalid;
    const unit = /^[^.\d]*/.exec(s)![0];
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${quote(text)}` };
    s = s.slice(unit.length);
    const size = UNITS_NS[unit];
    if (size === undefined) return { ok: false, error: `time: unknown unit ${quote(unit)} in duration ${quote(text)}` };
    total += Number(intPart || '0') * size + (frac ? Number(`0.${frac}`) * size : 0);
    if (total > 2 ** 63) return invalid;
  }
  return { ok: true, ns: neg ? -total : total };
}
