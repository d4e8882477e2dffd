/**
 * The simulated Flagger (fluxcd/flagger): marks new Canaries Initializing, runs one analysis job
 * per Canary every `analysis.interval` of simulated time (pkg/controller/scheduler.go
 * `scheduleCanaries`), and keeps the `flagger-system/flagger` Deployment's image at the configured
 * release. See README.md in this folder.
 */
import { parseDuration } from '@/lib/duration';
import type { KubeObject } from '@/lib/k8s/object';
import type { Controller, ControllerContext } from '../runtime/controller';
import type { Cancel } from '../runtime/scheduler';
import { CanaryAdvancer } from './advance';
import { resources, spec } from './kube';
import { FlaggerSettings } from './settings';

const CANARIES = 'flagger.app/canaries';
const IMAGE = 'ghcr.io/fluxcd/flagger';

export function flaggerController(): Controller {
  const jobs = new Map<string, { interval: number; cancel: Cancel }>();
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'flagger',
    user: 'system:serviceaccount:flagger-system:flagger',
    component: 'flagger',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(FlaggerSettings);
      const queue = ctx.queue();
      let advancer: CanaryAdvancer | undefined;
      const get = () => {
        if (advancer) return advancer;
        const res = resources(ctx);
        if (res) advancer = new CanaryAdvancer(ctx, res, settings);
        return advancer;
      };
      const schedule = (cd: KubeObject) => {
        const key = `${cd.metadata.namespace}/${cd.metadata.name}`;
        const interval = parseDuration(((spec(cd).analysis ?? {}) as { interval?: unknown }).interval) ?? 60_000;
        const job = jobs.get(key);
        if (job && job.interval === interval) return;
        job?.cancel();
        const cancel = ctx.scheduler.every(interval, () => queue.add(`advance/${key}`, () => get()?.advance(cd.metadata.namespace!, cd.metadata.name!) ?? Promise.resolve()));
        jobs.set(key, { interval, cancel });
      };
      unsubscribe = ctx.store.subscribeAll((e) => {
        if (e.storage !== CANARIES) return;
        const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
        if (e.type === 'DELETED') {
          jobs.get(key)?.cancel();
          jobs.delete(key);
          return;
        }
        schedule(e.object);
        if (!(e.object.status as { phase?: string } | undefined)?.phase) {
          queue.add(`init/${key}`, () => get()?.markInitializing(e.object.metadata.namespace!, e.object.metadata.name!) ?? Promise.resolve());
        }
      });
      // The add-on's Deployment shows the release this Flagger behaves as.
      ctx.watch('apps/deployments', (e) => {
        const d = e.object;
        if (e.type === 'DELETED' || d.metadata.namespace !== 'flagger-system' || d.metadata.name !== 'flagger') return;
        const containers = ((d.spec as { template?: { spec?: { containers?: { name: string; image?: string }[] } } }).template?.spec?.containers ?? []);
        const want = `${IMAGE}:${settings.release.replace(/^v/, '')}`;
        if (!containers.some((c) => c.name === 'flagger' && c.image !== want)) return;
        queue.add('image', async () => {
          const res = ctx.api.resourceFor('apps/v1', 'Deployment')!;
          const cur = ctx.api.get(res, 'flagger-system', 'flagger');
          const next = structuredClone(cur) as KubeObject & { spec: { template: { spec: { containers: { name: string; image?: string }[] } } } };
          for (const c of next.spec.template.spec.containers) if (c.name === 'flagger') c.image = want;
          await ctx.api.update(res, 'flagger-system', 'flagger', next, ctx.as());
        });
      });
    },
    stop() {
      unsubscribe?.();
      for (const j of jobs.values()) j.cancel();
      jobs.clear();
    },
  };
}
