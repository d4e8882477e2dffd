/**
 * A CronHPA schedule in plain English, from what the controller's parser made of it (so a
 * five-field schedule reads as the controller reads it: seconds first, any day of the week).
 * Times are wall-clock times of the controller's time zone; callers say which zone.
 */
import { parseGoDuration } from './go-duration';
import { parseSchedule, type CronField, type CronSchedule } from './schedule';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number): string => String(n).padStart(2, '0');

/** "a, b and c" */
function and(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Consecutive runs of sorted values: [1,2,3,5] → [[1,3],[5,5]]. */
function runs(values: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const v of values) {
    const last = out.at(-1);
    if (last && v === last[1] + 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

/** The step of an arithmetic progression from the field's minimum to near its maximum, if the values are one. */
function stepOf(f: CronField, min: number, max: number): number | undefined {
  const v = f.values;
  if (v.length < 2 || v[0] !== min) return undefined;
  const step = v[1]! - v[0]!;
  if (step < 2 || !v.every((x, i) => x === min + i * step) || v.at(-1)! + step <= max) return undefined;
  return step;
}

/** Values joined with names, ranges written "a to b" when three or more run in a row. */
function named(values: number[], names: string[]): string {
  return and(runs(values).flatMap(([a, b]) => (b - a >= 2 ? [`${names[a]} to ${names[b]}`] : b > a ? [names[a]!, names[b]!] : [names[a]!])));
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "every 2 minutes", "every 1 hour 30 minutes" */
function everyWords(ms: number): string {
  const total = Math.round(ms / 1000);
  const parts: string[] = [];
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d) parts.push(plural(d, 'day'));
  if (h) parts.push(plural(h, 'hour'));
  if (m) parts.push(plural(m, 'minute'));
  if (s) parts.push(plural(s, 'second'));
  if (parts.length === 1 && /^1 /.test(parts[0]!)) return `every ${parts[0]!.slice(2)}`;
  return `every ${parts.join(' ')}`;
}

type Spec = Extract<CronSchedule, { kind: 'spec' }>;

function single(f: CronField): number | undefined {
  return f.values.length === 1 ? f.values[0] : undefined;
}

/** Whether a field allows every value of its range (`*`, or a range written out). */
const every = (f: CronField, count: number): boolean => f.values.length === count;

/** The time-of-day part: "at 08:00", "at 09:00 and 21:00", "every 15 minutes from 09:00 to 17:59". */
function timeWords(s: Spec): string {
  const sec = single(s.second);
  const min = single(s.minute);
  const clock = (h: number, m: number) => `${pad(h)}:${pad(m)}${sec ? `:${pad(sec)}` : ''}`;
  if (sec !== undefined && min !== undefined && !every(s.hour, 24) && s.hour.values.length <= 4) return `at ${and(s.hour.values.map((h) => clock(h, min)))}`;
  const secStep = stepOf(s.second, 0, 59);
  const secPart = every(s.second, 60) ? 'every second' : secStep ? `every ${secStep} seconds` : sec === 0 ? '' : sec !== undefined ? `at second ${sec}` : `at seconds ${s.second.values.join(', ')}`;
  const minStep = stepOf(s.minute, 0, 59);
  const of = secPart ? 'of ' : '';
  const minPart = every(s.minute, 60)
    ? (every(s.second, 60) || secStep ? '' : `${of}every minute`)
    : minStep ? `${of}every ${minStep} minutes` : min === 0 && !secPart && every(s.hour, 24) ? 'every hour on the hour'
      : min !== undefined ? `${secPart ? 'of' : 'at'} minute ${min}` : `${secPart ? 'of' : 'at'} minutes ${s.minute.values.join(', ')}`;
  const hrs = runs(s.hour.values);
  const hourStep = stepOf(s.hour, 0, 23);
  const hourPart = every(s.hour, 24)
    ? (min !== undefined && minPart !== 'every hour on the hour' ? 'of every hour' : '')
    : hourStep ? `every ${hourStep} hours`
      : hrs.length === 1 && hrs[0]![1] > hrs[0]![0] ? `from ${pad(hrs[0]![0])}:00 to ${pad(hrs[0]![1])}:59`
        : `in hour${s.hour.values.length === 1 ? '' : 's'} ${and(s.hour.values.map((h) => `${pad(h)}:00`))}`;
  return [secPart, minPart, hourPart].filter(Boolean).join(' ');
}

/** "1, 3 and 5", "1 to 15" */
const numbers = (values: number[]): string => and(runs(values).flatMap(([a, b]) => (b - a >= 2 ? [`${a} to ${b}`] : b > a ? [String(a), String(b)] : [String(a)])));

/** The day part: "every day", "Monday to Friday", "on day 1 of the month, or on Friday". */
function dayWords(s: Spec): string {
  const monthNames = named(s.month.values.map((m) => m - 1), MONTHS);
  const allMonths = every(s.month, 12);
  const domStep = stepOf(s.dom, 1, 31);
  const dom = every(s.dom, 31) ? undefined
    : domStep ? `every ${domStep} days from the 1st of the month`
    : s.dom.values.length === 1 && s.month.values.length === 1 ? `on ${s.dom.values[0]} ${monthNames}`
      : `on day${s.dom.values.length === 1 ? '' : 's'} ${numbers(s.dom.values)} of the month`;
  const dowNames = named(s.dow.values, DAYS);
  const dow = every(s.dow, 7) ? undefined : dowNames.includes(' to ') ? dowNames : `on ${dowNames}`;
  const month = allMonths || dom?.endsWith(monthNames) ? '' : ` in ${monthNames}`;
  // robfig: day-of-month and day-of-week must both match when either was written `*`/`?` (or with a
  // step from `*`), either may match otherwise.
  let days: string;
  if (dom && !dow) days = dom;
  else if (!dom && dow) days = dow;
  else if (dom && dow) days = s.dom.star || s.dow.star ? `${dom}, if it falls ${dow.startsWith('on ') ? dow : `on ${dow}`}` : `${dom}, or ${dow}`;
  else days = 'every day';
  return `${days}${month}`;
}

/**
 * The schedule in words, or undefined when it does not parse (the parser's error says why).
 *
 * @example describeSchedule('0 0 8 * * 1-5') // 'at 08:00, Monday to Friday'
 * @example describeSchedule('@every 2m') // 'every 2 minutes'
 * @example describeSchedule('0 8 * * 1-5') // 'at minute 8 of every hour, every day in January to May'
 */
export function describeSchedule(text: string): string | undefined {
  const parsed = parseSchedule(text);
  if (!parsed.ok) return undefined;
  const s = parsed.schedule;
  if (s.kind === 'every') {
    const d = parseGoDuration(text.slice('@every '.length));
    return `${everyWords(s.everyMs)}${d.ok && d.ns % 1e9 !== 0 ? ' (whole seconds only)' : ''}, counted from when the job was submitted`;
  }
  if (s.once) {
    const year = /^@date (\d{4})/.exec(text)?.[1];
    return `once, on ${pad(s.dom.values[0]!)} ${MONTHS[s.month.values[0]! - 1]}${year ? ` ${year}` : ''} at ${pad(s.hour.values[0]!)}:${pad(s.minute.values[0]!)}:${pad(s.second.values[0]!)}`;
  }
  if ([s.second, s.minute, s.hour, s.dom, s.month, s.dow].some((f) => f.values.length === 0)) return 'never (a field allows no value)';
  const time = timeWords(s);
  const days = dayWords(s);
  if (days === 'every day') return /^at \d/.test(time) ? `every day ${time}` : time;
  return `${time}, ${days}`;
}
