/**
 * The horizontal-pod-autoscaler controller of kube-controller-manager, simulated: every HPA
 * (autoscaling/v2 and v1 are one object) is synced `syncPeriodSeconds` after it appears and then
 * every period, as upstream's rate-limited queue does (`--horizontal-pod-autoscaler-sync-period`).
 * The work of one sync is in reconcile.ts; the arithmetic is lib/hpa.
 *
 * Settings, `Scenario.spec.controllers.hpa` (kube-controller-manager flags and their defaults):
 * - `syncPeriodSeconds` (15): `--horizontal-pod-autoscaler-sync-period`.
 * - `tolerance` (0.1): `--horizontal-pod-autoscaler-tolerance`.
 * - `downscaleStabilizationSeconds` (300): `--horizontal-pod-autoscaler-downscale-stabilization`.
 * - `cpuInitializationPeriodSeconds` (300): `--horizontal-pod-autoscaler-cpu-initialization-period`.
 * - `initialReadinessDelaySeconds` (30): `--horizontal-pod-autoscaler-initial-readiness-delay`.
 * - `metricWindowSeconds` (15): the `window` metrics-server reports with each sample.
 * - `virtualPods` (false): measure the pods the target's `/scale` status counts, made up from its
 *   pod template, instead of stored pods: for clusters generated without pods (`--generate`).
 */
import { z } from 'zod';
import type { Cancel } from '../runtime/scheduler';
import type { Controller, ControllerContext } from '../runtime/controller';
import { MetricSources } from './metric-sources';
import { HpaReconciler } from './reconcile';
import { SelectorRegistry } from './selector-registry';

export const HpaSettings = z.object({
  syncPeriodSeconds: z.number().positive().max(3600).default(15),
  tolerance: z.number().min(0).max(1).default(0.1),
  downscaleStabilizationSeconds: z.number().min(0).max(86_400).default(300),
  cpuInitializationPeriodSeconds: z.number().min(0).max(86_400).default(300),
  initialReadinessDelaySeconds: z.number().min(0).max(86_400).default(30),
  metricWindowSeconds: z.number().positive().max(3600).default(15),
  virtualPods: z.boolean().default(false),
}).strict();

const HPA_STORAGE = 'autoscaling/horizontalpodautoscalers';

export function hpaController(): Controller {
  const timers = new Map<string, Cancel>();
  return {
    name: 'hpa',
    user: 'system:serviceaccount:kube-system:horizontal-pod-autoscaler',
    component: 'horizontal-pod-autoscaler',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(HpaSettings);
      const queue = ctx.queue();
      const sources = new MetricSources(ctx, settings.metricWindowSeconds * 1000);
      ctx.metrics.registerExternal(sources.externalProvider());
      const selectors = new SelectorRegistry();
      const reconciler = new HpaReconciler(ctx, sources, selectors, {
        calculator: {
          tolerance: settings.tolerance,
          cpuInitializationPeriodMs: settings.cpuInitializationPeriodSeconds * 1000,
          delayOfInitialReadinessStatusMs: settings.initialReadinessDelaySeconds * 1000,
        },
        downscaleStabilizationSeconds: settings.downscaleStabilizationSeconds,
        virtualPods: settings.virtualPods,
      });

      ctx.watch(HPA_STORAGE, (e) => {
        const { namespace = '', name = '', uid = '' } = e.object.metadata;
        const key = `${namespace}/${name}`;
        if (e.type === 'DELETED') {
          timers.get(uid)?.();
          timers.delete(uid);
          selectors.delete(namespace, name);
          reconciler.forget(namespace, name);
          return;
        }
        if (timers.has(uid)) return;
        selectors.register(namespace, name);
        timers.set(uid, ctx.scheduler.every(settings.syncPeriodSeconds * 1000, () => queue.add(key, () => reconciler.reconcile(namespace, name))));
      });
    },
    stop() {
      for (const cancel of timers.values()) cancel();
      timers.clear();
    },
  };
}
