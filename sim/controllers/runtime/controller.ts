/**
 * The contract of a fake controller: it is started with a context holding everything it may use
 * (the API server for writes, the store for in-process watches, simulated time, events, the
 * scenario's documents and its own settings) and nothing else, so every controller is testable
 * with a manual clock and every write it makes goes through admission like a real client's.
 */
import type { z } from 'zod';
import type { KubeObject } from '@/lib/k8s/object';
import type { ApiServer } from '../../apiserver/api-server';
import type { RequestContext } from '../../apiserver/context';
import type { Clock } from '../../clock';
import type { BehaviourDoc } from '../../scenario/schema';
import type { StoreEvent } from '../../store/event-log';
import type { Store } from '../../store/store';
import type { WorkQueue } from '../work-queue';
import type { EventType } from './events';
import type { MetricsRegistry } from './metrics';
import type { Scheduler } from './scheduler';

export interface ControllerContext {
  readonly api: ApiServer;
  readonly store: Store;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  /** Simulated time at which the controllers started; scenario curves count from here. */
  readonly startedAt: number;
  /** Metric values shared between controllers (KEDA provides, the HPA controller reads). */
  readonly metrics: MetricsRegistry;
  /** This controller's settings from `Scenario.spec.controllers[<name>]`, validated by `schema`. */
  settings<T>(schema: z.ZodType<T>): T;
  /** The scenario's simulation documents of one kind. */
  docs<K extends BehaviourDoc['kind']>(kind: K): Extract<BehaviourDoc, { kind: K }>[];
  /** A work queue `settled()` waits for; controllers do their writes from queued work. */
  queue(): WorkQueue;
  /** Subscribes to one resource's changes (storage key `group/plural`), e.g. `apps/deployments`. */
  watch(storage: string, listener: (e: StoreEvent) => void): void;
  /** A request context that writes as this controller's user and field manager. */
  as(): RequestContext;
  /** Records a Kubernetes Event about `about` from this controller. */
  event(about: KubeObject, type: EventType, reason: string, message: string): Promise<void>;
  log(message: string): void;
}

export interface ControllerIdentity {
  /** Name used for settings (`Scenario.spec.controllers.<name>`) and logs. */
  name: string;
  /** The user the controller writes as, e.g. `system:serviceaccount:keda:keda-operator`. */
  user: string;
  /** The field manager of its writes and the Event source component, e.g. `keda-operator`. */
  component: string;
}

export interface Controller extends ControllerIdentity {
  start(ctx: ControllerContext): void | Promise<void>;
  stop?(): void;
}
