import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration';
import { parseSchedule, type CronSchedule } from './schedule';

function spec(text: string): Extract<CronSchedule, { kind: 'spec' }> {
  const r = parseSchedule(text);
  if (!r.ok || r.schedule.kind !== 'spec') throw new Error(`not a spec: ${text}: ${JSON.stringify(r)}`);
  return r.schedule;
}
const error = (text: string): string => {
  const r = parseSchedule(text);
  if (r.ok) throw new Error(`parsed: ${text}`);
  return r.error;
};

describe('six fields, seconds first', () => {
  it('reads ranges, steps, lists, names and ? as go-cron does', () => {
    const s = spec('30 */15 9-17 ? JAN,jul mon-FRI');
    expect(s.second).toEqual({ values: [30], star: false });
    expect(s.minute).toEqual({ values: [0, 15, 30, 45], star: true });
    expect(s.hour.values).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(s.dom.star).toBe(true);
    expect(s.month.values).toEqual([1, 7]);
    expect(s.dow.values).toEqual([1, 2, 3, 4, 5]);
  });

  it('"N/step" runs from N to the maximum, and five fields leave day-of-week *', () => {
    expect(spec('5/20 * * * *').second.values).toEqual([5, 25, 45]);
    expect(spec('0 0 12 * *').dow).toEqual({ values: [0, 1, 2, 3, 4, 5, 6], star: true });
  });

  it('refuses what go-cron refuses, with its words', () => {
    expect(error('')).toBe('Empty spec string');
    expect(error('* * * *')).toBe('Expected 5 to 6 fields, found 4: * * * *');
    expect(error('* * * * * * *')).toBe('Expected 5 to 6 fields, found 7: * * * * * * *');
    expect(error('* 5 j * * *')).toBe('Failed to parse int from j: strconv.Atoi: parsing "j": invalid syntax');
    expect(error('60 * * * * *')).toBe('End of range (60) above maximum (59): 60');
    expect(error('* * * 0 * *')).toBe('Beginning of range (0) below minimum (1): 0');
    expect(error('* * 5-3 * * *')).toBe('Beginning of range (5) beyond end of range (3): 5-3');
    expect(error('*/0 * * * * *')).toBe('Step of range should be a positive number: */0');
    expect(error('*/-12 * * * * *')).toBe('Negative number (-12) not allowed: -12');
    expect(error('*//2 * * * * *')).toBe('Too many slashes: *//2');
    expect(error('5--5 * * * * *')).toBe('Too many hyphens: 5--5');
    expect(error('0 0 0 * * 7')).toBe('End of range (7) above maximum (6): 7');
  });
});

describe('descriptors', () => {
  it('knows the fixed descriptors', () => {
    expect(spec('@hourly').hour.values).toHaveLength(24);
    expect(spec('@weekly').dow).toEqual({ values: [0], star: false });
    expect(spec('@yearly')).toMatchObject({ dom: { values: [1] }, month: { values: [1] } });
    expect(error('@fortnightly')).toBe('Unrecognized descriptor: @fortnightly');
  });

  it('@every takes a Go duration, in whole seconds, at least one', () => {
    expect(parseSchedule('@every 1h30m10s')).toEqual({ ok: true, schedule: { kind: 'every', everyMs: 5_410_000 } });
    expect(parseSchedule('@every 1.5s')).toEqual({ ok: true, schedule: { kind: 'every', everyMs: 1000 } });
    expect(parseSchedule('@every 10ms')).toEqual({ ok: true, schedule: { kind: 'every', everyMs: 1000 } });
    expect(error('@every Xm')).toBe('Failed to parse duration @every Xm: time: invalid duration "Xm"');
    expect(error('@every 5')).toBe('Failed to parse duration @every 5: time: missing unit in duration "5"');
    expect(error('@every 5d')).toBe('Failed to parse duration @every 5d: time: unknown unit "d" in duration "5d"');
  });

  it('@date is a wall-clock time that runs once', () => {
    const s = spec('@date 2020-10-27 21:54:00');
    expect(s).toMatchObject({ once: true, second: { values: [0] }, minute: { values: [54] }, hour: { values: [21] }, dom: { values: [27] }, month: { values: [10] } });
    expect(error('@date 2020-10-27')).toBe('Failed to parse date @date 2020-10-27: parsing time "2020-10-27" as "2006-01-02 15:04:05": cannot parse "2020-10-27" as "2006"');
    expect(error('@date 2021-02-29 00:00:00')).toBe('Failed to parse date @date 2021-02-29 00:00:00: parsing time "2021-02-29 00:00:00": day out of range');
    expect(spec('@date 2024-02-29 00:00:00').dom.values).toEqual([29]);
  });
});

describe('Go durations', () => {
  it('parses like time.ParseDuration', () => {
    expect(parseGoDuration('1h30m')).toEqual({ ok: true, ns: 5400e9 });
    expect(parseGoDuration('1.5h')).toEqual({ ok: true, ns: 5400e9 });
    expect(parseGoDuration('-2m')).toEqual({ ok: true, ns: -120e9 });
    expect(parseGoDuration('300ms')).toEqual({ ok: true, ns: 300e6 });
    expect(parseGoDuration('0')).toEqual({ ok: true, ns: 0 });
    expect(parseGoDuration('')).toEqual({ ok: false, error: 'time: invalid duration ""' });
    expect(parseGoDuration('.s')).toEqual({ ok: false, error: 'time: invalid duration ".s"' });
  });
});
