import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextRun, wallClock } from './next-run';
import { mergeRuns } from './projection';
import { upcomingRuns } from './runs';
import { parseSchedule, type CronSchedule } from './schedule';

const sched = (text: string): CronSchedule => {
  const r = parseSchedule(text);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
};
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('upcoming runs', () => {
  it('lists the next five in the controller zone (the demo runs in Asia/Shanghai)', () => {
    const runs = upcomingRuns({ schedule: sched('0 0 8 * * 1-5'), runOnce: false }, Date.parse('2026-11-22T03:00:00Z'), 'Asia/Shanghai', { count: 5 });
    expect(runs.map(iso)).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z', '2026-11-27T00:00:00.000Z']);
  });

  it('stops at the end of the window', () => {
    expect(upcomingRuns({ schedule: sched('0 0 * * * *'), runOnce: false }, Date.parse('2026-11-22T00:00:00Z'), 'UTC', { count: 100, untilMs: Date.parse('2026-11-22T03:00:00Z') })).toHaveLength(3);
  });

  it('counts @every from the job\'s last run or submission', () => {
    const job = { schedule: sched('@every 2m'), runOnce: false, anchorMs: Date.parse('2026-11-22T00:00:30.400Z') };
    expect(upcomingRuns(job, Date.parse('2026-11-22T00:05:00Z'), 'UTC', { count: 2 }).map(iso)).toEqual(['2026-11-22T00:06:30.000Z', '2026-11-22T00:08:30.000Z']);
    expect(upcomingRuns(job, Date.parse('2026-11-22T00:04:30Z'), 'UTC', { count: 1 }).map(iso)).toEqual(['2026-11-22T00:06:30.000Z']);
    expect(upcomingRuns({ ...job, anchorMs: undefined }, Date.parse('2026-11-22T00:05:00.900Z'), 'UTC', { count: 1 }).map(iso)).toEqual(['2026-11-22T00:07:00.000Z']);
  });

  it('runs a run-once job once (the black-friday warm-up), and a finished one never', () => {
    const job = { schedule: sched('@every 2m'), runOnce: true, anchorMs: Date.parse('2026-11-22T00:00:00Z') };
    expect(upcomingRuns(job, Date.parse('2026-11-22T00:01:00Z'), 'UTC', { count: 5 })).toEqual([Date.parse('2026-11-22T00:02:00Z')]);
    expect(upcomingRuns({ ...job, done: true }, Date.parse('2026-11-22T00:01:00Z'), 'UTC', { count: 5 })).toEqual([]);
  });
});

/** DST transitions of 2026 in zones that have them (spring forward, fall back), and a zone without. */
const TRANSITIONS: [string, string][] = [
  ['Europe/Berlin', '2026-03-29T01:00:00Z'], ['Europe/Berlin', '2026-10-25T01:00:00Z'],
  ['America/New_York', '2026-03-08T07:00:00Z'], ['America/New_York', '2026-11-01T06:00:00Z'],
  ['Australia/Sydney', '2026-04-04T16:00:00Z'], ['Australia/Sydney', '2026-10-03T16:00:00Z'],
  ['America/Santiago', '2026-04-05T03:00:00Z'], ['America/Santiago', '2026-09-06T04:00:00Z'],
  ['Asia/Shanghai', '2026-03-29T01:00:00Z'],
];

/** An instant within four days either side of a transition. */
const nearTransition = fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -96 * 60, max: 96 * 60 }), fc.integer({ min: 0, max: 59_999 }))
  .map(([[tz, at], offsetMin, ms]) => ({ tz, after: Date.parse(at) + offsetMin * MIN + ms }));

/** Whether an instant's wall clock in `tz` matches hour/minute/second fields and a weekday set. */
const matches = (ms: number, tz: string, s: { hours: number[]; minute: number; days: number[] }) => {
  const w = wallClock(ms, tz);
  const dow = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  return s.hours.includes(w.hour) && w.minute === s.minute && w.second === 0 && s.days.includes(dow);
};

describe('next five runs across DST (property)', () => {
  it('are strictly increasing, each the next run after the one before, all after the start', () => {
    fc.assert(fc.property(nearTransition, fc.constantFrom('0 0 8 * * 1-5', '0 30 2 * * *', '0 */20 * * * *', '0 0 1,2,3 * * *', '0 15 2 * * 0', '@hourly', '0 0 0 1 * *'), ({ tz, after }, text) => {
      const s = sched(text);
      const runs = upcomingRuns({ schedule: s, runOnce: false }, after, tz, { count: 5 });
      expect(runs).toHaveLength(5);
      expect(runs[0]).toBe(nextRun(s, after, tz));
      for (let i = 1; i < runs.length; i++) {
        expect(runs[i]!).toBeGreaterThan(runs[i - 1]!);
        expect(runs[i]).toBe(nextRun(s, runs[i - 1]!, tz));
      }
      expect(runs[0]!).toBeGreaterThan(after);
    }), { numRuns: 150 });
  });

  it('weekday jobs run on their local weekdays at their local time, or right after a gap that swallowed it', () => {
    fc.assert(fc.property(nearTransition, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
      ({ tz, after }, hour, minute, days) => {
        const spec = { hours: [hour], minute, days };
        for (const run of upcomingRuns({ schedule: sched(`0 ${minute} ${hour} * * ${days.join(',')}`), runOnce: false }, after, tz, { count: 5 })) {
          if (matches(run, tz, spec)) continue;
          // Spring forward: the wall-clock time did not exist that day. The run is the first instant after the gap, on the same local day.
          const before = wallClock(run - 1000, tz);
          const at = wallClock(run, tz);
          // (a gap at midnight, as in Santiago, starts the day: the second before is the day before)
          expect(before.day !== at.day || before.hour * 60 + before.minute < hour * 60 + minute).toBe(true);
          expect(at.hour * 60 + at.minute).toBeGreaterThan(hour * 60 + minute);
          expect(matches(run, tz, { ...spec, hours: [at.hour], minute: at.minute })).toBe(true);
        }
      }), { numRuns: 150 });
  });

  it('no fixed-time job runs twice in a repeated (fall-back) hour', () => {
    fc.assert(fc.property(nearTransition, fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), ({ tz, after }, minute, hour) => {
      const runs = upcomingRuns({ schedule: sched(`0 ${minute} ${hour} * * *`), runOnce: false }, after, tz, { count: 5 });
      const days = runs.map((r) => { const w = wallClock(r, tz); return `${w.year}-${w.month}-${w.day}`; });
      expect(new Set(days).size).toBe(5);
    }), { numRuns: 150 });
  });

  it('@every keeps its interval in absolute time, whatever the clocks do', () => {
    fc.assert(fc.property(nearTransition, fc.integer({ min: 1, max: 6 * 3600 }), fc.integer({ min: 0, max: 3 * 3600_000 }), ({ tz, after }, seconds, back) => {
      const s = sched(`@every ${seconds}s`);
      const runs = upcomingRuns({ schedule: s, runOnce: false, anchorMs: after - back }, after, tz, { count: 5 });
      expect(runs).toHaveLength(5);
      for (let i = 1; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBe(seconds * 1000);
      expect(runs[0]! - after).toBeLessThanOrEqual(seconds * 1000);
      expect(runs[0]!).toBeGreaterThan(after);
      expect((runs[0]! - Math.floor((after - back) / 1000) * 1000) % (seconds * 1000)).toBe(0);
    }), { numRuns: 150 });
  });

  it('merges several jobs in time order across a transition, losing none', () => {
    fc.assert(fc.property(nearTransition, fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 4 }), ({ tz, after }, hours) => {
      const jobs = hours.map((h) => ({ schedule: sched(`0 0 ${h} * * *`), runOnce: false }));
      const until = after + 72 * HOUR;
      const { runs } = mergeRuns(jobs, { fromMs: after, untilMs: until, timeZone: tz });
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.at).toBeGreaterThanOrEqual(runs[i - 1]!.at);
      const each = jobs.map((j) => upcomingRuns(j, after, tz, { count: 10, untilMs: until }).length);
      expect(runs.length).toBe(each.reduce((a, b) => a + b, 0));
      // Three days hold two or three runs of each daily job, gaps or not.
      for (const n of each) expect(n).toBeGreaterThanOrEqual(2);
    }), { numRuns: 100 });
  });
});
