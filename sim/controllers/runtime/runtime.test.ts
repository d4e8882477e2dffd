import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { ManualClock } from '../../clock';
import { startSimulator, type Simulator } from '../../simulator';
import type { Controller, ControllerContext } from './controller';

/** A toy controller: stamps every ConfigMap it sees, and once a minute records an Event on each. */
function stamper(): Controller & { ticks: number } {
  const c = {
    name: 'stamper',
    user: 'system:serviceaccount:kube-system:stamper',
    component: 'stamper',
    ticks: 0,
    start(ctx: ControllerContext) {
      const queue = ctx.queue();
      const res = ctx.api.resourceFor('v1', 'ConfigMap')!;
      ctx.watch('/configmaps', (e) => {
        if (e.type === 'DELETED' || e.object.metadata.annotations?.stamped) return;
        const { namespace, name } = e.object.metadata;
        queue.add(`${namespace}/${name}`, async () => {
          const cm = ctx.api.get(res, namespace, name!);
          await ctx.api.update(res, namespace, name!, { ...cm, metadata: { ...cm.metadata, annotations: { stamped: String(ctx.clock.now() - ctx.startedAt) } } }, ctx.as());
        });
      });
      ctx.scheduler.every(60_000, async () => {
        c.ticks++;
        for (const cm of ctx.api.store.list('/configmaps', 'default')) await ctx.event(cm, 'Normal', 'Tick', 'one minute passed');
      });
    },
  };
  return c;
}

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('controller runtime', () => {
  it('reacts to store changes through queued writes that carry the controller identity', async () => {
    const ctl = stamper();
    sim = await startSimulator({ port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [ctl] });
    const res = sim.api.resourceFor('v1', 'ConfigMap')!;
    await sim.api.create(res, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } });
    await sim.settled();
    const cm = sim.api.get(res, 'default', 'a');
    expect(cm.metadata.annotations).toEqual({ stamped: '0' });
    expect(cm.metadata.managedFields?.some((m) => m.manager === 'stamper')).toBe(true);
  });

  it('runs timers on simulated time only, and aggregates repeated Events', async () => {
    const ctl = stamper();
    const clock = new ManualClock('2026-11-22T00:00:00Z');
    sim = await startSimulator({ port: 0, clock, controllers: [ctl] });
    await sim.api.create(sim.api.resourceFor('v1', 'ConfigMap')!, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    await sim.settled();
    expect(ctl.ticks).toBe(0);
    await sim.advance(3 * 60_000 + 1);
    expect(ctl.ticks).toBe(3);
    expect(clock.now()).toBe(Date.parse('2026-11-22T00:03:00.001Z'));
    const events = sim.api.store.list('/events', 'default').filter((e: KubeObject) => e.reason === 'Tick');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ count: 3, type: 'Normal', source: { component: 'stamper' }, involvedObject: { kind: 'ConfigMap', name: 'b' }, firstTimestamp: '2026-11-22T00:01:00Z', lastTimestamp: '2026-11-22T00:03:00Z' });
  });

  it('refuses advance() on real time', async () => {
    sim = await startSimulator({ port: 0, controllers: 'none' });
    await expect(sim.advance(1000)).rejects.toThrow(/ManualClock/);
  });
});

describe('RealtimeScheduler', () => {
  it('does not fire a timer longer than setTimeout allows early', async () => {
    const { RealtimeScheduler, SpeedClock } = await import('./scheduler');
    const s = new RealtimeScheduler(new SpeedClock(1), () => {});
    let fired = false;
    s.after(40 * 86_400_000, () => { fired = true; });
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toBe(false);
    s.stop();
  });

  it('fires short timers scaled by speed', async () => {
    const { RealtimeScheduler, SpeedClock } = await import('./scheduler');
    const s = new RealtimeScheduler(new SpeedClock(100), () => {});
    const fired = new Promise<boolean>((resolve) => s.after(2000, () => resolve(true)));
    await expect(fired).resolves.toBe(true); // 2 s simulated = 20 ms real
    s.stop();
  });
});
