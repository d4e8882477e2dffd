import { describe, expect, it } from 'vitest';
import { describeSchedule } from './words';

describe('schedules in words', () => {
  it.each([
    ['0 0 8 * * 1-5', 'at 08:00, Monday to Friday'],
    ['0 0 9 * * *', 'every day at 09:00'],
    ['0 30 9,12,18 * * 0,6', 'at 09:30, 12:30 and 18:30, on Sunday and Saturday'],
    ['15 0 8 * * *', 'every day at 08:00:15'],
    ['0 8 * * 1-5', 'at minute 8 of every hour, every day in January to May'],
    ['30 */15 9-17 ? JAN,jul mon-FRI', 'at second 30 of every 15 minutes from 09:00 to 17:59, Monday to Friday in January and July'],
    ['0 0 0 13 * 5', 'at 00:00, on day 13 of the month, or on Friday'],
    ['0 0 0 */2 * 5', 'at 00:00, every 2 days from the 1st of the month, if it falls on Friday'],
    ['0 0 8 1,15 * *', 'at 08:00, on days 1 and 15 of the month'],
    ['* * * * * *', 'every second'],
    ['0 * * * * *', 'every minute'],
    ['*/10 * * * * *', 'every 10 seconds'],
    ['0 0 */2 * * *', 'at minute 0 every 2 hours'],
    ['@hourly', 'every hour on the hour'],
    ['@daily', 'every day at 00:00'],
    ['@weekly', 'at 00:00, on Sunday'],
    ['@monthly', 'at 00:00, on day 1 of the month'],
    ['@yearly', 'at 00:00, on 1 January'],
    ['@every 2m', 'every 2 minutes, counted from when the job was submitted'],
    ['@every 1h30m', 'every 1 hour 30 minutes, counted from when the job was submitted'],
    ['@every 1.5s', 'every second (whole seconds only), counted from when the job was submitted'],
    ['@date 2026-12-24 18:00:00', 'once, on 24 December 2026 at 18:00:00'],
    ['0 0 , * * *', 'never (a field allows no value)'],
  ])('%s → %s', (schedule, words) => {
    expect(describeSchedule(schedule)).toBe(words);
  });

  it('has no words for what the controller cannot parse', () => {
    expect(describeSchedule('0 0 10 * * 6-7')).toBeUndefined();
    expect(describeSchedule('')).toBeUndefined();
  });
});
