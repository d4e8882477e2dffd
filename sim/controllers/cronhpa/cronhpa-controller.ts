/**
 * kubernetes-cronhpa-controller (AliyunContainerService), simulated: CronHorizontalPodAutoscalers
 * (`autoscaling.alibabacloud.com/v1beta1`) run their jobs on simulated time in the controller's
 * time zone; job state is in `status.conditions[]`; Deployments and StatefulSets are scaled through
 * `/scale`; an HPA target gets design §6's rule. See README.md.
 *
 * Settings, `Scenario.spec.controllers.cronhpa`:
 * - `timeZone` (default `UTC`): the controller's `TZ`, an IANA zone. It is also written into the
 *   `TZ` env of the add-on's `kube-system/kubernetes-cronhpa-controller` Deployment when the
 *   scenario installs it, so the cluster shows the zone the jobs run in.
 * - `excludeDates` (default `upstream`): `upstream` compares an exclude expression's next run with
 *   now by month and hour as the released controller does (Go layout "11-15-1990");
 *   `documented` skips exactly the days the expressions name, as upstream's README describes.
 */
import { z } from 'zod';
import { isValidTimeZone } from '@/lib/cron';
import type { KubeObject } from '@/lib/k8s/object';
import type { AdmissionRequest } from '../../admission/types';
import { clone } from '../../store/json';
import type { Controller, ControllerContext } from '../runtime/controller';
import { CRONHPA_STORAGE, CronManager, GC_INTERVAL_MS } from './cron-manager';
import { JobRunner } from './job-run';
import { CronHpaReconciler } from './reconcile';

export const CronHpaSettings = z.object({
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as UTC or Asia/Shanghai').default('UTC'),
  excludeDates: z.enum(['upstream', 'documented']).default('upstream'),
}).strict();

export const ADDON_NAMESPACE = 'kube-system';
export const ADDON_NAME = 'kubernetes-cronhpa-controller';

/** Sets `TZ` in the add-on Deployment's controller container when it is created. */
function timeZoneEnv(timeZone: string) {
  return {
    name: 'cronhpa-controller-timezone',
    mutate(req: AdmissionRequest): KubeObject | void {
      const o = req.object;
      if (req.operation !== 'CREATE' || req.resource.kind !== 'Deployment' || req.namespace !== ADDON_NAMESPACE || o?.metadata.name !== ADDON_NAME) return;
      const next = clone(o) as KubeObject;
      const containers = ((next.spec as { template?: { spec?: { containers?: { name: string; env?: { name: string; value?: string }[] }[] } } }).template?.spec?.containers) ?? [];
      for (const c of containers.filter((x) => x.name === ADDON_NAME)) c.env = [...(c.env ?? []).filter((e) => e.name !== 'TZ'), { name: 'TZ', value: timeZone }];
      return next;
    },
  };
}

export function cronHpaController(): Controller {
  const stops: (() => void)[] = [];
  return {
    name: 'cronhpa',
    user: 'system:serviceaccount:kube-system:kubernetes-cronhpa-controller',
    component: 'CronHorizontalPodAutoscaler',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(CronHpaSettings);
      stops.push(ctx.api.registerAdmission(timeZoneEnv(settings.timeZone)));
      const queue = ctx.queue();
      const manager = new CronManager(ctx, queue, new JobRunner(ctx, settings.timeZone, settings.excludeDates), settings.timeZone);
      const reconciler = new CronHpaReconciler(ctx, manager);
      // The CRD may arrive with the scenario (or never): watch every store change, keep ours.
      stops.push(ctx.store.subscribeAll((e) => {
        if (e.storage !== CRONHPA_STORAGE) return;
        const { namespace = '', name = '' } = e.object.metadata;
        queue.add(`cronhpa/${namespace}/${name}`, () => reconciler.reconcile(namespace, name));
      }));
      stops.push(ctx.scheduler.every(GC_INTERVAL_MS, () => queue.add('gc', () => manager.gc())));
    },
    stop() {
      for (const s of stops.splice(0)) s();
    },
  };
}
