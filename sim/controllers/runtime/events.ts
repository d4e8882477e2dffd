/**
 * Kubernetes Events from the fake controllers, aggregated like client-go's EventCorrelator: the
 * same reason and message about the same object bumps `count` and `lastTimestamp` instead of
 * creating another Event, so `kubectl describe` reads as it does on a real cluster.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '@/lib/k8s/object';
import type { ApiServer } from '../../apiserver/api-server';
import type { RequestContext } from '../../apiserver/context';
import type { Clock } from '../../clock';
import { rfc3339 } from '../../clock';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  context: () => RequestContext;
}

export class EventRecorder {
  /** aggregation key → Event name */
  private readonly seen = new Map<string, string>();

  constructor(private readonly api: ApiServer, private readonly clock: Clock) {}

  async record(source: EventSource, about: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = about.metadata.namespace ?? 'default';
    const res = this.api.resourceFor('v1', 'Event');
    if (!res) return;
    const key = [about.metadata.uid, type, reason, message, source.component].join('\u0000');
    const now = rfc3339(this.clock.now());
    const existingName = this.seen.get(key);
    if (existingName) {
      try {
        const existing = this.api.get(res, namespace, existingName);
        await this.api.update(res, namespace, existingName, {
          ...existing,
          count: ((existing.count as number | undefined) ?? 1) + 1,
          lastTimestamp: now,
        }, source.context());
        return;
      } catch {
        this.seen.delete(key); // expired or deleted: record afresh
      }
    }
    const name = `${about.metadata.name}.${randomBytes(8).toString('hex')}`;
    await this.api.create(res, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        name: about.metadata.name,
        namespace: about.metadata.namespace,
        uid: about.metadata.uid,
        resourceVersion: about.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: source.component },
      reportingComponent: source.component,
      reportingInstance: `${source.component}-sim`,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      eventTime: null,
    }, source.context());
    this.seen.set(key, name);
  }
}
