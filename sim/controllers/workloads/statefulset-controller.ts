/**
 * The StatefulSet controller (kubernetes `pkg/controller/statefulset/stateful_set_control.go`):
 * pods `<sts>-0 … <sts>-(n-1)`; with `OrderedReady` (the default) it creates one pod at a time in
 * ordinal order, each once its predecessors are Running and Ready, and removes the highest ordinal
 * first, one at a time; `Parallel` creates and removes all at once. RollingUpdate replaces pods of
 * an old revision from the highest ordinal down to `partition`, one at a time, waiting for each to
 * be Ready; OnDelete leaves them. Pods carry `controller-revision-hash`,
 * `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index` labels. Events as
 * upstream: "create Pod %s in StatefulSet %s successful", "delete Pod %s in StatefulSet %s successful".
 *
 * Settings, `Scenario.spec.controllers.statefulset`:
 * - `pods` (default true): false creates no pods and reports every replica ready and updated.
 */
import { z } from 'zod';
import type { KubeObject } from '@/lib/k8s/object';
import type { Controller, ControllerContext } from '../runtime/controller';
import { controllerOf, controllerRef, isNotFound, isPodActive, isPodReady, podPhase, templateHash, writeStatusIfChanged } from './objects';

export const StatefulSetSettings = z.object({ pods: z.boolean().default(true) }).strict();

const STS_STORAGE = 'apps/statefulsets';
const REVISION_LABEL = 'controller-revision-hash';

interface StsSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
}

const ordinalOf = (sts: KubeObject, pod: KubeObject): number => {
  const m = new RegExp(`^${sts.metadata.name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod.metadata.name ?? '');
  return m ? Number(m[1]) : -1;
};
const running = (p: KubeObject) => podPhase(p) === 'Running' && isPodReady(p);

export function statefulSetController(): Controller {
  return {
    name: 'statefulset',
    user: 'system:serviceaccount:kube-system:statefulset-controller',
    component: 'statefulset-controller',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(StatefulSetSettings);
      const queue = ctx.queue();
      const stsRes = ctx.api.resourceFor('apps/v1', 'StatefulSet')!;
      const podRes = ctx.api.resourceFor('v1', 'Pod')!;
      const enqueue = (namespace: string, name: string) => queue.add(`${namespace}/${name}`, () => sync(namespace, name));

      const podsOf = (sts: KubeObject) => ctx.store.list('/pods', sts.metadata.namespace)
        .filter((p) => controllerOf(p)?.uid === sts.metadata.uid && ordinalOf(sts, p) >= 0)
        .sort((a, b) => ordinalOf(sts, a) - ordinalOf(sts, b));

      const createPod = async (sts: KubeObject, ordinal: number, revision: string) => {
        const spec = sts.spec as StsSpec;
        const name = `${sts.metadata.name}-${ordinal}`;
        const labels = { ...(spec.template?.metadata?.labels ?? {}), [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal) };
        const pod: KubeObject = {
          apiVersion: 'v1', kind: 'Pod',
          metadata: { name, namespace: sts.metadata.namespace, labels, ...(spec.template?.metadata?.annotations ? { annotations: { ...spec.template.metadata.annotations } } : {}), ownerReferences: [controllerRef(sts)] },
          spec: { ...(spec.template?.spec ?? {}), hostname: name, ...(spec.serviceName ? { subdomain: spec.serviceName } : {}) },
        };
        await ctx.api.create(podRes, sts.metadata.namespace, pod, ctx.as());
        await ctx.event(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`);
      };

      const deletePod = async (sts: KubeObject, pod: KubeObject) => {
        try {
          await ctx.api.delete(podRes, pod.metadata.namespace, pod.metadata.name!, {}, ctx.as());
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        await ctx.event(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`);
      };

      /** One step of the pod lifecycle; returns after the first write, as OrderedReady waits for each. */
      const managePods = async (sts: KubeObject, updateRevision: string) => {
        const spec = sts.spec as StsSpec;
        const want = spec.replicas ?? 1;
        const parallel = spec.podManagementPolicy === 'Parallel';
        const pods = podsOf(sts).filter(isPodActive);
        const byOrdinal = new Map(pods.map((p) => [ordinalOf(sts, p), p]));
        for (let i = 0; i < want; i++) {
          if (!byOrdinal.has(i)) {
            await createPod(sts, i, updateRevision);
            if (!parallel) return;
            continue;
          }
          if (!parallel && !running(byOrdinal.get(i)!)) return;
        }
        const condemned = pods.filter((p) => ordinalOf(sts, p) >= want).reverse();
        if (condemned.length) {
          if (!parallel && pods.some((p) => ordinalOf(sts, p) < want && !running(p))) return;
          for (const p of parallel ? condemned : condemned.slice(0, 1)) await deletePod(sts, p);
          return;
        }
        if (spec.updateStrategy?.type === 'OnDelete') return;
        if (pods.some((p) => !running(p))) return;
        const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
        const stale = pods.filter((p) => ordinalOf(sts, p) >= partition && p.metadata.labels?.[REVISION_LABEL] !== updateRevision).pop();
        if (stale) await deletePod(sts, stale);
      };

      const sync = async (namespace: string, name: string) => {
        const sts = ctx.store.get(STS_STORAGE, namespace, name);
        if (!sts || sts.metadata.deletionTimestamp) return;
        const spec = sts.spec as StsSpec;
        const updateRevision = `${name}-${templateHash(spec.template ?? {})}`;
        const oldStatus = (sts.status ?? {}) as { currentRevision?: string; collisionCount?: number };
        if (settings.pods) await managePods(sts, updateRevision);
        const pods = settings.pods ? podsOf(sts).filter(isPodActive) : [];
        const want = spec.replicas ?? 1;
        const ready = settings.pods ? pods.filter(running).length : want;
        const updated = settings.pods ? pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length : want;
        const currentRevision = updated === (settings.pods ? pods.length : want) && updated === want ? updateRevision : (oldStatus.currentRevision ?? updateRevision);
        const current = settings.pods ? pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length : want;
        const counts = { observedGeneration: sts.metadata.generation ?? 1, replicas: settings.pods ? pods.length : want, readyReplicas: ready, currentReplicas: current, updatedReplicas: updated, availableReplicas: ready };
        const status: Record<string, unknown> = Object.fromEntries(Object.entries(counts).filter(([k, v]) => v !== 0 || k === 'replicas' || k === 'availableReplicas'));
        Object.assign(status, { currentRevision, updateRevision, collisionCount: oldStatus.collisionCount ?? 0 });
        await writeStatusIfChanged(ctx.api, stsRes, namespace, name, ctx.as, status);
      };

      ctx.watch(STS_STORAGE, (e) => {
        if (e.type === 'DELETED') return;
        if (e.type === 'MODIFIED' && JSON.stringify(e.old?.spec) === JSON.stringify(e.object.spec)) return;
        enqueue(e.object.metadata.namespace ?? '', e.object.metadata.name ?? '');
      });
      ctx.watch('/pods', (e) => {
        const owner = controllerOf(e.object);
        if (owner?.kind !== 'StatefulSet') return;
        if (e.type === 'MODIFIED' && running(e.old!) === running(e.object)) return;
        enqueue(e.object.metadata.namespace ?? '', owner.name);
      });
    },
  };
}
