import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, nextRun, wallClock } from './next-run';
import { parseSchedule, type CronSchedule } from './schedule';

const sched = (text: string): CronSchedule => {
  const r = parseSchedule(text);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
};
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const MIN = 60_000;

describe('next runs', () => {
  it('is strictly after the given instant, in the controller time zone', () => {
    const s = sched('0 0 9 * * *');
    expect(iso(nextRun(s, Date.parse('2026-11-22T08:00:00Z'), 'UTC'))).toBe('2026-11-22T09:00:00.000Z');
    expect(iso(nextRun(s, Date.parse('2026-11-22T09:00:00Z'), 'UTC'))).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(nextRun(s, Date.parse('2026-11-22T00:00:00Z'), 'Asia/Shanghai'))).toBe('2026-11-22T01:00:00.000Z');
  });

  it('combines day-of-month and day-of-week like robfig/cron: AND when either is *, OR otherwise', () => {
    // Friday the 13th of November 2026: "13th OR Friday" runs on Fri 6th first
    expect(iso(nextRun(sched('0 0 0 13 * 5'), Date.parse('2026-11-01T00:00:00Z'), 'UTC'))).toBe('2026-11-06T00:00:00.000Z');
    expect(iso(nextRun(sched('0 0 0 * * 5'), Date.parse('2026-11-01T00:00:00Z'), 'UTC'))).toBe('2026-11-06T00:00:00.000Z');
    // dom written with a step counts as * (starBit): every other day AND Friday
    expect(iso(nextRun(sched('0 0 0 */2 * 5'), Date.parse('2026-11-01T00:00:00Z'), 'UTC'))).toBe('2026-11-13T00:00:00.000Z');
  });

  it('@every counts from the whole second, @date is a yearly wall-clock time, impossible dates never run', () => {
    expect(nextRun(sched('@every 90s'), Date.parse('2026-11-22T00:00:00.700Z'), 'UTC')).toBe(Date.parse('2026-11-22T00:01:30Z'));
    expect(iso(nextRun(sched('@date 2026-12-24 18:00:00'), Date.parse('2026-11-22T00:00:00Z'), 'Europe/Berlin'))).toBe('2026-12-24T17:00:00.000Z');
    expect(nextRun(sched('0 0 0 31 2 *'), Date.parse('2026-11-22T00:00:00Z'), 'UTC')).toBeUndefined();
    expect(nextRun(sched('0 0 , * * *'), Date.parse('2026-11-22T00:00:00Z'), 'UTC')).toBeUndefined();
  });

  it('knows time zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

/** DST transitions of 2026 in zones that have them, and a zone without. */
const TRANSITIONS: [string, string][] = [
  ['Europe/Berlin', '2026-03-29T01:00:00Z'], ['Europe/Berlin', '2026-10-25T01:00:00Z'],
  ['America/New_York', '2026-03-08T07:00:00Z'], ['America/New_York', '2026-11-01T06:00:00Z'],
  ['Australia/Sydney', '2026-04-04T16:00:00Z'], ['Australia/Sydney', '2026-10-03T16:00:00Z'],
  ['Asia/Shanghai', '2026-03-29T01:00:00Z'],
];

const minuteOfDay = (ms: number, tz: string) => {
  const w = wallClock(ms, tz);
  return w.hour * 60 + w.minute;
};

/** The first whole minute after `after` whose wall clock matches: what an interval job must give. */
function oracle(minutes: Set<number>, hours: Set<number>, after: number, tz: string): number {
  for (let t = Math.floor(after / MIN) * MIN + MIN; ; t += MIN) {
    const w = wallClock(t, tz);
    if (minutes.has(w.minute) && hours.has(w.hour)) return t;
  }
}

const around = fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -36 * 60, max: 36 * 60 }), fc.integer({ min: 0, max: 59 }))
  .map(([[tz, at], offsetMin, sec]) => ({ tz, after: Date.parse(at) + offsetMin * MIN + sec * 1000 }));

describe('next runs across DST (property)', () => {
  it('interval jobs (several hours or minutes) run at the first existing matching wall-clock time, repeated hours included', () => {
    fc.assert(fc.property(around, fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 4 }), fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 2, maxLength: 4 }), ({ tz, after }, mins, hrs) => {
      const s = sched(`0 ${mins.join(',')} ${hrs.join(',')} * * *`);
      expect(nextRun(s, after, tz)).toBe(oracle(new Set(mins), new Set(hrs), after, tz));
    }), { numRuns: 60 });
  });

  it('fixed-time jobs run once per local day: at their time, or right after a gap that swallowed it', () => {
    fc.assert(fc.property(around, fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), ({ tz, after }, minute, hour) => {
      const s = sched(`0 ${minute} ${hour} * * *`);
      const target = hour * 60 + minute;
      let t = after;
      const days: string[] = [];
      for (let i = 0; i < 3; i++) {
        const next = nextRun(s, t, tz)!;
        expect(next).toBeGreaterThan(t);
        const got = minuteOfDay(next, tz);
        if (got !== target) {
          // the wall-clock time did not exist that day: the minute before the run was before it
          expect(minuteOfDay(next - MIN, tz)).toBeLessThan(target);
          expect(got).toBeGreaterThan(target);
        }
        const w = wallClock(next, tz);
        days.push(`${w.year}-${w.month}-${w.day}`);
        t = next;
      }
      expect(new Set(days).size).toBe(3);
    }), { numRuns: 80 });
  });
});
