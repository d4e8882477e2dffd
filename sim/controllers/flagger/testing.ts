/** Test support for the Flagger tests: Deployments roll out at once (no workloads controller runs). */
import type { Controller, ControllerContext } from '../runtime/controller';

/** Stands in for the workloads controller: every Deployment's pods are instantly updated and available. */
export function instantRollouts(): Controller {
  return {
    name: 'rollouts', user: 'system:serviceaccount:kube-system:deployment-controller', component: 'deployment-controller',
    start(ctx: ControllerContext) {
      const q = ctx.queue();
      const res = ctx.api.resourceFor('apps/v1', 'Deployment')!;
      ctx.watch('apps/deployments', (e) => {
        if (e.type === 'DELETED') return;
        const { namespace, name } = e.object.metadata;
        q.add(`${namespace}/${name}`, async () => {
          const d = ctx.api.get(res, namespace, name!);
          const replicas = Number((d.spec as { replicas?: number }).replicas ?? 1);
          const status = { observedGeneration: d.metadata.generation, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas };
          if (JSON.stringify(d.status) === JSON.stringify(status)) return;
          await ctx.api.update(res, namespace, name!, { ...d, status }, ctx.as(), 'status');
        });
      });
    },
  };
}

