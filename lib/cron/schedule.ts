/**
 * CronHPA schedules as kubernetes-cronhpa-controller reads them, through its cron library
 * ringtail/go-cron (`parser.go`, the robfig/cron v1 grammar plus `@date`): six fields with seconds
 * first (a fifth-less form leaves day-of-week `*`), `* ? , - /`, month and weekday names,
 * descriptors (`@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly`),
 * `@every <Go duration>` and `@date YYYY-MM-DD hh:mm:ss`. Errors carry go-cron's own words, which
 * is what a Failed job condition shows.
 */
import { parseGoDuration } from './go-duration';

/** The values a field allows; `star` when it was written `*` or `?` (robfig's starBit). */
export interface CronField {
  values: number[];
  star: boolean;
}

export type CronSchedule =
  | {
    kind: 'spec';
    second: CronField; minute: CronField; hour: CronField; dom: CronField; month: CronField; dow: CronField;
    /** `@date` schedules run once (upstream `runOnce()` treats them so). */
    once: boolean;
  }
  /** `@every`: whole seconds, at least one, counted from when the job was added. */
  | { kind: 'every'; everyMs: number };

export type ParsedSchedule = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SECONDS: Bounds = { min: 0, max: 59 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTH: Bounds = { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) };
const DOW: Bounds = { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) };
const PLACES = [SECONDS, MINUTES, HOURS, DOM, MONTH, DOW];
const DEFAULTS = ['0', '0', '0', '*', '*', '*'];

class CronError extends Error {}

/** `strconv.Atoi` plus go-cron's sign check. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr) || Math.abs(Number(expr)) > 2 ** 63) throw new CronError(`Failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: ${/^[+-]?\d+$/.test(expr) ? 'value out of range' : 'invalid syntax'}`);
  const n = Number(expr);
  if (n < 0) throw new CronError(`Negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** `getRange`: `*`, `?`, `n`, `a-b`, each optionally `/step` (`n/step` runs to the maximum). */
function getRange(expr: string, b: Bounds): { values: number[]; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, b);
    else throw new CronError(`Too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (lowAndHigh.length === 1) end = b.max;
  } else if (rangeAndStep.length > 2) throw new CronError(`Too many slashes: ${expr}`);
  if (start < b.min) throw new CronError(`Beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`End of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`Beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`Step of range should be a positive number: ${expr}`);
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

/** `getField`: comma-separated ranges (empty items are skipped, as `strings.FieldsFunc` does). */
function getField(field: string, b: Bounds): CronField {
  const set = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter((e) => e !== '')) {
    const r = getRange(expr, b);
    r.values.forEach((v) => set.add(v));
    star ||= r.star;
  }
  return { values: [...set].sort((x, y) => x - y), star };
}

const all = (b: Bounds): CronField => getField('*', b);
const one = (v: number): CronField => ({ values: [v], star: false });

function spec(second: CronField, minute: CronField, hour: CronField, dom: CronField, month: CronField, dow: CronField, once = false): CronSchedule {
  return { kind: 'spec', second, minute, hour, dom, month, dow, once };
}

const DESCRIPTORS: Record<string, () => CronSchedule> = {
  '@yearly': () => spec(one(0), one(0), one(0), one(1), one(1), all(DOW)),
  '@annually': () => spec(one(0), one(0), one(0), one(1), one(1), all(DOW)),
  '@monthly': () => spec(one(0), one(0), one(0), one(1), all(MONTH), all(DOW)),
  '@weekly': () => spec(one(0), one(0), one(0), all(DOM), all(MONTH), one(0)),
  '@daily': () => spec(one(0), one(0), one(0), all(DOM), all(MONTH), all(DOW)),
  '@midnight': () => spec(one(0), one(0), one(0), all(DOM), all(MONTH), all(DOW)),
  '@hourly': () => spec(one(0), one(0), all(HOURS), all(DOM), all(MONTH), all(DOW)),
};

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `@date 2020-10-27 21:54:00` (Go layout `2006-01-02 15:04:05`): the README's "Equivalent To
 * `0 54 21 27 10 *`", a wall-clock time in the controller's zone, run once.
 */
function parseDate(descriptor: string, text: string): CronSchedule {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  const fail = (why: string) => new CronError(`Failed to parse date ${descriptor}: parsing time ${JSON.stringify(text)}${why}`);
  if (!m) throw fail(` as "2006-01-02 15:04:05": cannot parse ${JSON.stringify(text)} as "2006"`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) throw fail(': month out of range');
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!)) throw fail(': day out of range');
  if (hour > 23) throw fail(': hour out of range');
  if (minute > 59) throw fail(': minute out of range');
  if (second > 59) throw fail(': second out of range');
  return spec(one(second), one(minute), one(hour), one(day), one(month), all(DOW), true);
}

function parseDescriptor(descriptor: string): CronSchedule {
  const fixed = DESCRIPTORS[descriptor];
  if (fixed) return fixed();
  if (descriptor.startsWith('@every ')) {
    const d = parseGoDuration(descriptor.slice('@every '.length));
    if (!d.ok) throw new CronError(`Failed to parse duration ${descriptor}: ${d.error}`);
    // robfig `Every`: at least one second, whole seconds only.
    return { kind: 'every', everyMs: d.ns < 1e9 ? 1000 : Math.floor(d.ns / 1e9) * 1000 };
  }
  if (descriptor.startsWith('@date ')) return parseDate(descriptor, descriptor.slice('@date '.length));
  throw new CronError(`Unrecognized descriptor: ${descriptor}`);
}

/**
 * Parses a CronHPA job schedule (or an `excludeDates` entry) the way the controller does.
 *
 * @example parseSchedule('0 0-59/5 9-18 * * MON-FRI') // { ok: true, schedule: { kind: 'spec', … } }
 * @example parseSchedule('0 * * *') // { ok: false, error: 'Expected 5 to 6 fields, found 4: 0 * * *' }
 */
const parsed = new Map<string, ParsedSchedule>();

/** Parses a schedule; results are kept per text (the same few schedules recur across CronHPAs). */
export function parseSchedule(text: string): ParsedSchedule {
  let hit = parsed.get(text);
  if (!hit) {
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(text, (hit = parseScheduleUncached(text)));
  }
  return hit;
}

function parseScheduleUncached(text: string): ParsedSchedule {
  try {
    if (text.length === 0) throw new CronError('Empty spec string');
    if (text[0] === '@') return { ok: true, schedule: parseDescriptor(text) };
    const fields = text.split(/\s+/).filter((f) => f !== '');
    if (fields.length < 5 || fields.length > 6) throw new CronError(`Expected 5 to 6 fields, found ${fields.length}: ${text}`);
    const full = DEFAULTS.map((d, i) => fields[i] ?? d);
    const [second, minute, hour, dom, month, dow] = full.map((f, i) => getField(f, PLACES[i]!)) as [CronField, CronField, CronField, CronField, CronField, CronField];
    return { ok: true, schedule: spec(second, minute, hour, dom, month, dow) };
  } catch (e) {
    if (e instanceof CronError) return { ok: false, error: e.message };
    throw e;
  }
}
