/**
 * A tiny de-duplicating work queue: controllers react to store events outside the store's
 * synchronous emit, one item at a time, and retry failed items a few times.
 */
export class WorkQueue {
  private readonly pending = new Map<string, () => Promise<void>>();
  private running = false;
  private stopped = false;
  private readonly retries = new Map<string, number>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly onError: (key: string, e: unknown) => void = () => {}) {}

  /** Queues `work` under `key`; a key already queued runs once with the newest work. */
  add(key: string, work: () => Promise<void>): void {
    if (this.stopped) return;
    this.pending.set(key, work);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  /** Whether nothing is queued or running right now. */
  isIdle(): boolean {
    return !this.running && this.pending.size === 0;
  }

  /** Resolves once nothing is queued or running (tests, scenario loading). */
  idle(): Promise<void> {
    if (!this.running && this.pending.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.stopped) {
      const [key, work] = this.pending.entries().next().value as [string, () => Promise<void>];
      this.pending.delete(key);
      try {
        await work();
        this.retries.delete(key);
      } catch (e) {
        const n = (this.retries.get(key) ?? 0) + 1;
        this.retries.set(key, n);
        if (n <= 5) setTimeout(() => this.add(key, work), 10 * n);
        else this.onError(key, e);
      }
    }
    this.running = false;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
