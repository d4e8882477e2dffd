/**
 * The bounded history one resource's watches replay from, like kube-apiserver's watch cache: it
 * keeps the newest `capacity` events; a watch from an older resourceVersion gets 410 Expired.
 */
import type { KubeObject } from '@/lib/k8s/object';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change to one object. Objects are frozen snapshots in the storage version. */
export interface StoreEvent {
  type: WatchEventType;
  /** The resourceVersion the change produced (for DELETED: the version of the deletion). */
  rv: number;
  /** The storage key (`group/plural`) of the resource. */
  storage: string;
  object: KubeObject;
  /** The previous state, for MODIFIED and DELETED: lets a selector-filtered watch see objects leave. */
  old?: KubeObject;
}

export class EventLog {
  private events: StoreEvent[] = [];
  private start = 0;
  /** Every event with rv ≤ compactedRv has been dropped. */
  private compacted = 0;

  constructor(private readonly capacity: number) {}

  append(e: StoreEvent): void {
    this.events.push(e);
    if (this.events.length - this.start > this.capacity) {
      this.compacted = this.events[this.start]!.rv;
      this.start++;
      // Reclaim the dropped prefix now and then rather than shifting the array on every write.
      if (this.start > 1024 && this.start > this.events.length / 2) {
        this.events = this.events.slice(this.start);
        this.start = 0;
      }
    }
  }

  /** The newest rv whose events are gone; a watch must start at or after it. */
  get compactedRv(): number {
    return this.compacted;
  }

  /** Events with rv > `rv`, oldest first; `undefined` when some of them were already dropped. */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.compacted) return undefined;
    let lo = this.start;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }

  /** Drops everything: used to emulate compaction in tests. */
  compactAll(currentRv: number): void {
    this.events = [];
    this.start = 0;
    this.compacted = currentRv;
  }
}
