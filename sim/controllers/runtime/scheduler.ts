/**
 * Timers on simulated time. Controllers never call setTimeout themselves: they ask the scheduler,
 * which either follows the wall clock (optionally faster, `--speed`) or is stepped by tests, so
 * "wait 5 minutes of stabilization" takes no real time in a test and the order of events is exact.
 */
import type { Clock } from '../../clock';
import { type ManualClock } from '../../clock';

export type Task = () => Promise<void> | void;

/** The longest delay setTimeout honours (2^31-1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
export type Cancel = () => void;

export interface Scheduler {
  readonly clock: Clock;
  /** Runs `task` once `delayMs` of simulated time have passed. */
  after(delayMs: number, task: Task): Cancel;
  /** Runs `task` every `intervalMs` of simulated time, the first time after `intervalMs`. */
  every(intervalMs: number, task: Task): Cancel;
  stop(): void;
}

/** `every` for any scheduler: the next run is scheduled only after the previous one finished. */
function repeat(s: Pick<Scheduler, 'after'>, intervalMs: number, task: Task): Cancel {
  let cancelled = false;
  let cancelNext: Cancel = () => {};
  const loop = () => {
    cancelNext = s.after(intervalMs, async () => {
      await task();
      if (!cancelled) loop();
    });
  };
  loop();
  return () => {
    cancelled = true;
    cancelNext();
  };
}

/** A clock `speed` times faster than the wall clock, starting at the wall clock's now. */
export class SpeedClock implements Clock {
  private readonly realStart = Date.now();
  private readonly simStart: number;
  constructor(readonly speed = 1, start = Date.now()) {
    this.simStart = start;
  }
  now(): number {
    return this.simStart + (Date.now() - this.realStart) * this.speed;
  }
}

/** Follows the wall clock through a SpeedClock; delays shrink by the speed factor. */
export class RealtimeScheduler implements Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(readonly clock: SpeedClock, private readonly onError: (e: unknown) => void) {}

  after(delayMs: number, task: Task): Cancel {
    if (this.stopped) return () => {};
    const due = this.clock.now() + Math.max(0, delayMs);
    let current: NodeJS.Timeout | undefined;
    const arm = () => {
      // Node fires a timer longer than 2^31-1 ms at once; wait in steps and re-arm until due.
      const wait = Math.min(Math.max(0, (due - this.clock.now()) / this.clock.speed), MAX_TIMER_MS);
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.clock.now() < due - 1) arm();
        else void this.run(task);
      }, wait);
      current = t;
      this.timers.add(t);
    };
    arm();
    return () => {
      if (current) {
        clearTimeout(current);
        this.timers.delete(current);
      }
    };
  }

  every(intervalMs: number, task: Task): Cancel {
    return repeat(this, intervalMs, () => this.run(task));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async run(task: Task): Promise<void> {
    try {
      await task();
    } catch (e) {
      this.onError(e);
    }
  }
}

interface Timer {
  at: number;
  seq: number;
  task: Task;
  cancelled: boolean;
}

/**
 * For tests: time moves only in `advance()`, which runs every due timer in time order, setting the
 * clock to each one's instant and letting the cluster settle after each, as if that time passed.
 */
export class ManualScheduler implements Scheduler {
  private timers: Timer[] = [];
  private seq = 0;
  private stopped = false;

  constructor(readonly clock: ManualClock, private readonly onError: (e: unknown) => void) {}

  after(delayMs: number, task: Task): Cancel {
    if (this.stopped) return () => {};
    const timer: Timer = { at: this.clock.now() + Math.max(0, delayMs), seq: this.seq++, task, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  every(intervalMs: number, task: Task): Cancel {
    return repeat(this, intervalMs, task);
  }

  stop(): void {
    this.stopped = true;
    this.timers = [];
  }

  /** Moves simulated time forward by `ms`, running due timers; `settle` runs after each one. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.clock.now() + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      const next = this.timers.reduce<Timer | undefined>((a, t) => (!a || t.at < a.at || (t.at === a.at && t.seq < a.seq) ? t : a), undefined);
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      if (next.at > this.clock.now()) this.clock.set(next.at);
      try {
        await next.task();
      } catch (e) {
        this.onError(e);
      }
      await settle();
    }
    if (target > this.clock.now()) this.clock.set(target);
    await settle();
  }
}
