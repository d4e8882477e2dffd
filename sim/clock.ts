/**
 * Time for the simulator. Every timestamp the store writes and every timer a controller sets come
 * from an injected {@link Clock}, so tests can pin and advance time instead of sleeping.
 */

/** A source of wall-clock time in milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests and for scenarios that run faster than real time. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number | string | Date = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.current = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` (never backward: a negative step is refused). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('ManualClock cannot move backward');
    this.current += ms;
  }

  /** Jumps to an instant. */
  set(instant: number | string | Date): void {
    this.current = typeof instant === 'number' ? instant : new Date(instant).getTime();
  }
}

/** RFC 3339 with second precision, as Kubernetes serialises `metav1.Time`. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 with microseconds, as `metav1.MicroTime` (Event `eventTime`, Lease times). */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
