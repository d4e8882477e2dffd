/**
 * CronHPA `excludeDates`: cron expressions of days on which jobs do not scale. Upstream
 * (kubernetes-cronhpa-controller `pkg/controller/cronjob.go`, `IsTodayOff`) parses each entry,
 * takes its next run after now, and compares `next.Format(dateFormat)` with
 * `now.Format(dateFormat)` where `dateFormat = "11-15-1990"`. As a Go layout that string means
 * month, month, hour, month and the literal `990`, so upstream skips a job when the entry's next run
 * falls in the same month and the same hour of day as now, whatever the day. `upstream` mode
 * reproduces that; `documented` mode does what the README describes (skip when the entry's next
 * run falls on today's date). Unparsable entries are ignored, as upstream logs and skips them.
 */
import { nextRun, wallClock, type WallClock } from './next-run';
import { parseSchedule } from './schedule';

export type ExcludeDatesMode = 'upstream' | 'documented';

/** Go's zero `time.Time` (0001-01-01 00:00:00 UTC), which go-cron returns when nothing matches. */
const GO_ZERO: WallClock = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

/** `t.Format("11-15-1990")` in Go. */
const upstreamKey = (w: WallClock): string => `${w.month}${w.month}-${w.hour}-${w.month}990`;
const dateKey = (w: WallClock): string => `${w.year}-${w.month}-${w.day}`;

/**
 * The entry that makes a job run at `now` a no-op, or undefined. The returned `message` is
 * upstream's job result text.
 */
export function excludedBy(excludeDates: readonly string[] | undefined, now: number, timeZone: string, mode: ExcludeDatesMode = 'upstream'): { date: string; message: string } | undefined {
  if (!excludeDates) return undefined;
  const today = wallClock(now, timeZone);
  const key = mode === 'upstream' ? upstreamKey : dateKey;
  for (const date of excludeDates) {
    const parsed = parseSchedule(date);
    if (!parsed.ok) continue;
    const next = nextRun(parsed.schedule, now, timeZone);
    const when = next === undefined ? GO_ZERO : wallClock(next, timeZone);
    if (key(when) === key(today)) return { date, message: `skip scaling activity,because of excludeDate (${date}).` };
  }
  return undefined;
}
