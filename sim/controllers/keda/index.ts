/**
 * The simulated KEDA installation (`install: [keda]`): the admission webhook backend, the
 * operator (ScaledObject reconciler, scale loops, scalers cache, ScaledJobs) and the metrics
 * apiserver (`external.metrics.k8s.io` and the provider the HPA controller reads). See README.md.
 *
 * Settings, `Scenario.spec.controllers.keda`:
 * - `webhook: up | down` (default up): down makes the webhook Service unreachable; with
 *   failurePolicy Ignore every ScaledObject is then admitted.
 * - `version` (default 2.16.1): the `app.kubernetes.io/version` label KEDA puts on its HPAs and Jobs.
 */
import { z } from 'zod';
import { ApiError } from '../../api/errors';
import { httpExtensions } from '../../http/extensions';
import type { Controller, ControllerContext } from '../runtime/controller';
import { KedaMetrics, TriggerValues } from './metrics-provider';
import { ScaledObjectOperator } from './operator';
import { ScaleLoop } from './scale-loop';
import { ScaledJobController } from './scaled-job';
import { ScalerCache } from './scaler-cache';
import { scaledObjectWebhook, WEBHOOK_NAMESPACE, WEBHOOK_SERVICE } from './webhook';

export const KedaSettings = z.object({
  webhook: z.enum(['up', 'down']).default('up'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must look like 2.16.1').default('2.16.1'),
}).strict();

const SO_STORAGE = 'keda.sh/scaledobjects';
const SJ_STORAGE = 'keda.sh/scaledjobs';
const HPA_STORAGE = 'autoscaling/horizontalpodautoscalers';

export function kedaController(): Controller {
  const stops: (() => void)[] = [];
  return {
    name: 'keda',
    user: 'system:serviceaccount:keda:keda-operator',
    component: 'keda-operator',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(KedaSettings);
      stops.push(ctx.api.registerWebhookBackend(WEBHOOK_NAMESPACE, WEBHOOK_SERVICE, scaledObjectWebhook(ctx)));
      if (settings.webhook === 'down') ctx.api.webhooks.setDown(WEBHOOK_NAMESPACE, WEBHOOK_SERVICE, true);

      const queue = ctx.queue();
      const cache = new ScalerCache(ctx);
      const values = new TriggerValues(ctx);
      const loop = new ScaleLoop(ctx, queue, cache, values);
      const operator = new ScaledObjectOperator(ctx, queue, cache, loop, settings.version);
      const jobs = new ScaledJobController(ctx, queue, cache, values, settings.version);
      const metrics = new KedaMetrics(ctx, cache, values, (so, m) => loop.failures(so, m));
      ctx.metrics.registerExternal(metrics);
      const ext = httpExtensions(ctx.api);
      stops.push(ext.registerAggregatedApi(metrics.aggregatedApi()));
      stops.push(ext.registerDebug('keda', (sub) => {
        if (sub === '/scalers') return { items: cache.debug() };
        throw new ApiError(404, 'NotFound', `unknown KEDA debug endpoint ${sub}`);
      }));

      stops.push(ctx.store.subscribeAll((e) => {
        const { namespace = '', name = '' } = e.object.metadata;
        if (e.storage === SO_STORAGE && (e.type === 'DELETED' || ScaledObjectOperator.relevant(e.old, e.object))) operator.enqueue(namespace, name);
        else if (e.storage === SJ_STORAGE) jobs.changed(namespace, name);
        else if (e.storage === HPA_STORAGE) {
          // Owns(HPA): a change of an owned HPA's spec, labels or annotations (or its deletion) reconciles the owner.
          const owner = (e.object.metadata.ownerReferences ?? []).find((o) => o.controller && o.kind === 'ScaledObject');
          const changed = e.type !== 'MODIFIED' || JSON.stringify([e.old?.spec, e.old?.metadata.labels, e.old?.metadata.annotations]) !== JSON.stringify([e.object.spec, e.object.metadata.labels, e.object.metadata.annotations]);
          if (owner && changed && e.type !== 'ADDED') operator.enqueue(namespace, owner.name);
        }
      }));
      stops.push(() => {
        loop.stopAll();
        operator.stop();
        jobs.stop();
      });
    },
    stop() {
      for (const s of stops.splice(0)) s();
    },
  };
}
