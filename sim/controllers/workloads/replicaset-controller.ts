/**
 * The ReplicaSet controller (kubernetes `pkg/controller/replicaset/replica_set.go`): keeps
 * `spec.replicas` pods named `<rs>-<5 chars>` from the template, replaces deleted ones (evictions
 * included), deletes surplus pods unready-and-newest first, and reports `status` (replicas,
 * fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration). Events as upstream:
 * `SuccessfulCreate` "Created pod: %s", `SuccessfulDelete` "Deleted pod: %s".
 *
 * Settings, `Scenario.spec.controllers.replicaset`:
 * - `pods` (default true): false creates no pods and reports every replica ready (large generated
 *   clusters, where tens of thousands of pods would only slow the simulator down).
 */
import { z } from 'zod';
import type { KubeObject } from '@/lib/k8s/object';
import { labelSelectorRequirements, matchesLabels } from '@/lib/k8s/label-selector';
import type { Controller, ControllerContext } from '../runtime/controller';
import { controllerOf, controllerRef, isNotFound, isPodActive, isPodReady, podPhase, randomSuffix, seededRandom, writeStatusIfChanged } from './objects';

export const ReplicaSetSettings = z.object({ pods: z.boolean().default(true) }).strict();

const RS_STORAGE = 'apps/replicasets';

/** `controller.ActivePodsWithRanks` order for deletion: unscheduled, pending, unready, then newest first. */
function deletionRank(p: KubeObject): number[] {
  const scheduled = (p.spec as { nodeName?: string } | undefined)?.nodeName ? 1 : 0;
  const phase = podPhase(p) === 'Pending' ? 0 : podPhase(p) === 'Unknown' ? 1 : 2;
  const ready = isPodReady(p) ? 1 : 0;
  return [scheduled, phase, ready, -Date.parse(p.metadata.creationTimestamp ?? '0')];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function replicaSetController(): Controller {
  return {
    name: 'replicaset',
    user: 'system:serviceaccount:kube-system:replicaset-controller',
    component: 'replicaset-controller',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(ReplicaSetSettings);
      const queue = ctx.queue();
      const rsRes = ctx.api.resourceFor('apps/v1', 'ReplicaSet')!;
      const podRes = ctx.api.resourceFor('v1', 'Pod')!;
      const random = seededRandom(0x5eed);
      const enqueue = (namespace: string, name: string) => queue.add(`${namespace}/${name}`, () => sync(namespace, name));

      const ownedPods = (rs: KubeObject): KubeObject[] =>
        ctx.store.list('/pods', rs.metadata.namespace).filter((p) => controllerOf(p)?.uid === rs.metadata.uid);

      const createPod = async (rs: KubeObject) => {
        const tpl = (rs.spec as { template?: { metadata?: KubeObject['metadata']; spec?: unknown } }).template ?? {};
        const ns = rs.metadata.namespace!;
        let name = '';
        do name = `${rs.metadata.name!.slice(0, 57)}-${randomSuffix(random)}`;
        while (ctx.store.get('/pods', ns, name));
        const pod: KubeObject = {
          apiVersion: 'v1', kind: 'Pod',
          metadata: { name, namespace: ns, labels: { ...(tpl.metadata?.labels ?? {}) }, ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}), ownerReferences: [controllerRef(rs)] },
          spec: tpl.spec,
        };
        await ctx.api.create(podRes, ns, pod, ctx.as());
        await ctx.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
      };

      const deletePod = async (rs: KubeObject, pod: KubeObject) => {
        try {
          await ctx.api.delete(podRes, pod.metadata.namespace, pod.metadata.name!, {}, ctx.as());
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        await ctx.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      };

      const sync = async (namespace: string, name: string) => {
        const rs = ctx.store.get(RS_STORAGE, namespace, name);
        if (!rs || rs.metadata.deletionTimestamp) return;
        const want = (rs.spec as { replicas?: number }).replicas ?? 1;
        const selector = labelSelectorRequirements((rs.spec as { selector?: unknown }).selector);
        if (settings.pods) {
          const active = ownedPods(rs).filter(isPodActive);
          if (active.length < want) for (let i = active.length; i < want; i++) await createPod(rs);
          else if (active.length > want) {
            const victims = [...active].sort((a, b) => compareRanks(deletionRank(a), deletionRank(b))).slice(0, active.length - want);
            for (const p of victims) await deletePod(rs, p);
          }
        }
        const pods = ownedPods(rs).filter(isPodActive);
        const ready = pods.filter((p) => isPodReady(p) && podPhase(p) === 'Running').length;
        const labelled = selector.ok ? pods.filter((p) => matchesLabels(selector.requirements, p.metadata.labels ?? {})).length : pods.length;
        const status = settings.pods
          ? { replicas: pods.length, fullyLabeledReplicas: labelled, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 }
          : { replicas: want, fullyLabeledReplicas: want, readyReplicas: want, availableReplicas: want, observedGeneration: rs.metadata.generation ?? 1 };
        // Zero counts are omitted, as Go's omitempty does; conditions are kept.
        const next: Record<string, unknown> = Object.fromEntries(Object.entries(status).filter(([k, v]) => v !== 0 || k === 'replicas'));
        const conditions = (rs.status as { conditions?: unknown } | undefined)?.conditions;
        if (conditions) next.conditions = conditions;
        await writeStatusIfChanged(ctx.api, rsRes, namespace, name, ctx.as, next);
      };

      ctx.watch(RS_STORAGE, (e) => {
        if (e.type === 'DELETED') return;
        const spec = (o?: KubeObject) => JSON.stringify(o?.spec);
        if (e.type === 'MODIFIED' && spec(e.old) === spec(e.object) && e.old?.metadata.generation === e.object.metadata.generation && e.old?.metadata.uid === e.object.metadata.uid) return;
        enqueue(e.object.metadata.namespace ?? '', e.object.metadata.name ?? '');
      });
      ctx.watch('/pods', (e) => {
        const owner = controllerOf(e.object);
        if (owner?.kind !== 'ReplicaSet') return;
        if (e.type === 'MODIFIED' && isPodReady(e.old!) === isPodReady(e.object) && podPhase(e.old!) === podPhase(e.object) && !!e.old?.metadata.deletionTimestamp === !!e.object.metadata.deletionTimestamp) return;
        enqueue(e.object.metadata.namespace ?? '', owner.name);
      });
    },
  };
}
