/**
 * When a parsed CronHPA schedule runs next, in the controller's time zone (its `TZ`), computed with
 * croner. Day-of-month and day-of-week combine as in robfig/cron v1: both must match when either
 * was written with `*`/`?`, either may match otherwise. Across DST croner follows Vixie cron
 * (a fixed-time job skipped by a spring-forward gap runs right after it; in a repeated hour it runs
 * once), where go-cron skips the gap and runs twice; see sim/controllers/cronhpa/README.md.
 */
import { Cron } from 'croner';
import type { CronField, CronSchedule } from './schedule';

/** Whether `tz` names an IANA time zone this runtime knows (Go falls back to UTC silently). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const field = (f: CronField): string => (f.values.length ? f.values.join(',') : '');

type SpecSchedule = Extract<CronSchedule, { kind: 'spec' }>;

const crons = new Map<string, Cron>();

function cronFor(s: SpecSchedule, timeZone: string): Cron | undefined {
  const parts = [s.second, s.minute, s.hour, s.dom, s.month, s.dow].map(field);
  // A field with no values (`,`) never matches: go-cron then never runs the job.
  if (parts.some((p) => p === '')) return undefined;
  const domAndDow = s.dom.star || s.dow.star;
  const key = `${timeZone}\u0000${domAndDow}\u0000${parts.join(' ')}`;
  let c = crons.get(key);
  if (!c) {
    c = new Cron(parts.join(' '), { timezone: timeZone, mode: '6-part', domAndDow, paused: true });
    if (crons.size > 5000) crons.clear();
    crons.set(key, c);
  }
  return c;
}

/**
 * The first run strictly after `afterMs` (ms since the epoch), or undefined when there is none.
 * `@every` counts from `afterMs` rounded down to the second, as robfig's `ConstantDelaySchedule`.
 *
 * @example nextRun(parseSchedule('0 0 9 * * *').schedule, Date.parse('2026-03-28T12:00:00Z'), 'Europe/Berlin') // 2026-03-29T07:00:00Z
 */
export function nextRun(schedule: CronSchedule, afterMs: number, timeZone: string): number | undefined {
  if (schedule.kind === 'every') return Math.floor(afterMs / 1000) * 1000 + schedule.everyMs;
  const next = cronFor(schedule, timeZone)?.nextRun(new Date(afterMs));
  return next ? next.getTime() : undefined;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date and time of an instant in a time zone. */
export function wallClock(ms: number, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}
