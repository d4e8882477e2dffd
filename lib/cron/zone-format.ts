/**
 * Instants written in the CronHPA controller's time zone, for the page: "Mon 23 Nov, 08:00" and
 * the zone's offset at that instant ("UTC+8"), so a reader in another zone sees the controller's clock.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, opts: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const k = `${timeZone}\u0000${key}`;
  let f = formatters.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...opts });
    formatters.set(k, f);
  }
  return f;
}

/** "Mon 23 Nov, 08:00" (seconds when not zero: "08:00:30"). */
export function formatInZone(ms: number, timeZone: string): string {
  const seconds = Math.floor(ms / 1000) % 60 !== 0;
  const f = formatter(timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) }, seconds ? 'full-s' : 'full');
  return f.format(new Date(ms));
}

/** "08:00" for axis ticks within a day, "Mon 23" for ticks days apart. */
export function tickInZone(ms: number, timeZone: string, spanMs: number): string {
  if (spanMs > 2 * 86_400_000) return formatter(timeZone, { weekday: 'short', day: 'numeric' }, 'day').format(new Date(ms));
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit' }, 'hm').format(new Date(ms));
}

/** The zone's offset from UTC at an instant: "UTC+8", "UTC-3:30", "UTC". */
export function zoneOffset(ms: number, timeZone: string): string {
  const part = formatter(timeZone, { timeZoneName: 'shortOffset' }, 'offset').formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const utc = part.replace(/^(GMT|UTC)/, 'UTC');
  return utc === '' || utc === 'UTC+0' ? 'UTC' : utc;
}

const hourMinute = (ms: number, timeZone: string): [number, number] => {
  const parts = formatter(timeZone, { hour: '2-digit', minute: '2-digit' }, 'hm').formatToParts(new Date(ms));
  return [Number(parts.find((p) => p.type === 'hour')?.value), Number(parts.find((p) => p.type === 'minute')?.value)];
};

/**
 * Axis ticks on the controller's clock between two instants: every hour up to 8 hours, every 3
 * hours up to two days, else every local midnight.
 *
 * @example zoneTicks(Date.parse('2026-11-22T16:00:00Z'), Date.parse('2026-11-23T16:00:00Z'), 'Asia/Shanghai')[0] // 2026-11-22T16:00:00Z, 00:00 in Shanghai
 */
export function zoneTicks(from: number, to: number, timeZone: string): number[] {
  const span = to - from;
  const every = span <= 8 * 3_600_000 ? 1 : span <= 2 * 86_400_000 ? 3 : 24;
  const out: number[] = [];
  // Quarter hours, so zones at :30 and :45 offsets get their whole hours too.
  for (let t = Math.ceil(from / 900_000) * 900_000; t <= to; t += 900_000) {
    const [h, m] = hourMinute(t, timeZone);
    if (m === 0 && h % every === 0) out.push(t);
  }
  return out;
}
