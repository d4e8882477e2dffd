/**
 * Starts the fake controllers with their contexts and knows when the simulated cluster has
 * settled (every controller queue and the garbage collector idle), which tests and scenario
 * loading wait for.
 */
import type { z } from 'zod';
import type { KubeObject } from '@/lib/k8s/object';
import { adminContext, type ApiServer } from '../../apiserver/api-server';
import type { ParsedScenario } from '../../scenario/load';
import type { BehaviourDoc } from '../../scenario/schema';
import { garbageCollectorIdle } from '../garbage-collector';
import { WorkQueue } from '../work-queue';
import type { Controller, ControllerContext } from './controller';
import { EventRecorder, type EventType } from './events';
import { MetricsRegistry } from './metrics';
import { ManualScheduler, type Scheduler } from './scheduler';

export class ControllerSettingsError extends Error {}

export class ControllerManager {
  private readonly queues: WorkQueue[] = [];
  private readonly unsubscribes: (() => void)[] = [];
  private readonly events: EventRecorder;
  private readonly startedAt: number;
  /** Shared by every controller and by the simulated `external.metrics.k8s.io` API. */
  readonly metrics = new MetricsRegistry();
  private started: Controller[] = [];

  constructor(
    private readonly api: ApiServer,
    readonly scheduler: Scheduler,
    private readonly scenario: ParsedScenario | undefined,
    private readonly log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  ) {
    this.events = new EventRecorder(api, scheduler.clock);
    this.startedAt = scheduler.clock.now();
  }

  async start(controllers: Controller[]): Promise<void> {
    for (const c of controllers) {
      await c.start(this.contextFor(c));
      this.started.push(c);
    }
  }

  stop(): void {
    for (const c of this.started) c.stop?.();
    for (const u of this.unsubscribes) u();
    for (const q of this.queues) q.stop();
    this.scheduler.stop();
    this.started = [];
  }

  /** Waits until no controller has queued work and the garbage collector is idle, repeatedly, since one's work feeds another's. */
  async settled(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await new Promise((r) => setImmediate(r));
      const busy = this.queues.some((q) => !q.isIdle());
      if (!busy) {
        await garbageCollectorIdle(this.api);
        await new Promise((r) => setImmediate(r));
        if (!this.queues.some((q) => !q.isIdle())) return;
      }
      await Promise.all(this.queues.map((q) => q.idle()));
    }
  }

  /** Tests: moves simulated time forward, running every controller timer due on the way. */
  async advance(ms: number): Promise<void> {
    if (!(this.scheduler instanceof ManualScheduler)) throw new Error('advance() needs a ManualClock; the simulator runs on real time');
    await this.scheduler.advance(ms, () => this.settled());
  }

  private contextFor(c: Controller): ControllerContext {
    const user = { username: c.user, groups: serviceAccountGroups(c.user) };
    const as = () => adminContext(user, c.component);
    const source = { component: c.component, context: as };
    return {
      api: this.api,
      store: this.api.store,
      clock: this.scheduler.clock,
      scheduler: this.scheduler,
      startedAt: this.startedAt,
      metrics: this.metrics,
      settings: <T>(schema: z.ZodType<T>): T => {
        const raw = this.scenario?.settings.controllers?.[c.name] ?? {};
        const r = schema.safeParse(raw);
        if (!r.success) {
          const where = this.scenario?.settingsOrigin ? `${this.scenario.settingsOrigin.file} document ${this.scenario.settingsOrigin.index}` : 'Scenario';
          throw new ControllerSettingsError(`${where}: spec.controllers.${c.name}: ${r.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ')}`);
        }
        return r.data;
      },
      docs: <K extends BehaviourDoc['kind']>(kind: K) => (this.scenario?.docs ?? []).filter((d): d is Extract<BehaviourDoc, { kind: K }> & { origin: never } => d.kind === kind),
      queue: () => {
        const q = new WorkQueue((key, e) => this.log(`${c.name}: giving up on ${key}: ${e instanceof Error ? e.message : String(e)}`));
        this.queues.push(q);
        return q;
      },
      watch: (storage, listener) => {
        this.unsubscribes.push(this.api.store.subscribe(storage, listener));
      },
      as,
      event: (about: KubeObject, type: EventType, reason: string, message: string) => this.events.record(source, about, type, reason, message),
      log: (m) => this.log(`${c.name}: ${m}`),
    };
  }
}

function serviceAccountGroups(user: string): string[] {
  const m = /^system:serviceaccount:([^:]+):/.exec(user);
  return m ? ['system:serviceaccounts', `system:serviceaccounts:${m[1]}`, 'system:authenticated'] : ['system:authenticated'];
}
