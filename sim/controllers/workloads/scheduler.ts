/**
 * A trivial kube-scheduler: binds every unscheduled pod to the simulated node with the fewest pods
 * and records `Scheduled`. When the cluster has no Node at all it first creates `settings.nodes`
 * simulated nodes (`sim-node-1`, …) that report Ready, so pods have somewhere to run.
 *
 * Settings, `Scenario.spec.controllers.scheduler`:
 * - `nodes` (default 2): how many nodes to create when none exist.
 * - `nodeCpu` (default `8`), `nodeMemory` (default `32Gi`): each created node's capacity.
 */
import { z } from 'zod';
import type { KubeObject } from '@/lib/k8s/object';
import { parseQuantity } from '@/lib/k8s/quantity';
import { rfc3339 } from '../../clock';
import type { Controller, ControllerContext } from '../runtime/controller';
import { updateFresh } from './objects';

export const SchedulerSettings = z.object({
  nodes: z.number().int().min(1).max(100).default(2),
  nodeCpu: z.string().refine((q) => parseQuantity(q) !== undefined, 'must be a quantity like 8 or 7500m').default('8'),
  nodeMemory: z.string().refine((q) => parseQuantity(q) !== undefined, 'must be a quantity like 32Gi').default('32Gi'),
}).strict();

const POD_STORAGE = '/pods';
const NODE_STORAGE = '/nodes';

function node(i: number, settings: z.infer<typeof SchedulerSettings>, version: string, now: string): KubeObject {
  const name = `sim-node-${i}`;
  const capacity = { cpu: settings.nodeCpu, memory: settings.nodeMemory, pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': `sim-zone-${((i - 1) % 3) + 1}` } },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: {
      capacity, allocatable: capacity,
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now },
      ],
      addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + i}` }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: version, kubeProxyVersion: version, osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-sim', containerRuntimeVersion: 'containerd://1.7.24', operatingSystem: 'linux', architecture: 'amd64', machineID: `sim${i}`, systemUUID: `sim-${i}`, bootID: `sim-${i}` },
    },
  };
}

const nodeOf = (pod: KubeObject | undefined): string | undefined => (pod?.spec as { nodeName?: string } | undefined)?.nodeName;

export function schedulerController(): Controller {
  return {
    name: 'scheduler',
    user: 'system:kube-scheduler',
    component: 'default-scheduler',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(SchedulerSettings);
      const queue = ctx.queue();
      const podRes = ctx.api.resourceFor('v1', 'Pod')!;
      /** Pods per node, kept from the watch so binding does not list every pod. */
      const podsOn = new Map<string, number>();
      const nodeRes = ctx.api.resourceFor('v1', 'Node')!;

      const ensureNodes = async (): Promise<KubeObject[]> => {
        const existing = ctx.store.list(NODE_STORAGE);
        if (existing.length) return existing;
        const now = rfc3339(ctx.clock.now());
        for (let i = 1; i <= settings.nodes; i++) {
          const created = await ctx.api.create(nodeRes, undefined, node(i, settings, ctx.api.serverVersion, now), ctx.as());
          await ctx.api.update(nodeRes, undefined, created.metadata.name!, { ...created, status: node(i, settings, ctx.api.serverVersion, now).status }, ctx.as(), 'status');
        }
        return ctx.store.list(NODE_STORAGE);
      };

      const bind = async (namespace: string, name: string) => {
        const pod = ctx.store.get(POD_STORAGE, namespace, name);
        if (!pod || (pod.spec as { nodeName?: string } | undefined)?.nodeName || pod.metadata.deletionTimestamp) return;
        const nodes = (await ensureNodes()).filter((n) => !(n.spec as { unschedulable?: boolean } | undefined)?.unschedulable);
        if (!nodes.length) return;
        const target = nodes.map((n) => n.metadata.name!).sort((a, b) => (podsOn.get(a) ?? 0) - (podsOn.get(b) ?? 0) || a.localeCompare(b))[0]!;
        // The binding subresource sets spec.nodeName and the PodScheduled condition.
        const bound = await updateFresh(ctx.api, podRes, namespace, name, ctx.as, (p) => {
          if ((p.spec as { nodeName?: string }).nodeName) return false;
          (p.spec as { nodeName?: string }).nodeName = target;
          return true;
        });
        if (!bound) return;
        const now = rfc3339(ctx.clock.now());
        await updateFresh(ctx.api, podRes, namespace, name, ctx.as, (p) => {
          const status = (p.status ?? {}) as { conditions?: Record<string, unknown>[] };
          const conds = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
          status.conditions = [...conds, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }];
          p.status = status;
          return true;
        }, 'status');
        await ctx.event(bound, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${target}`);
      };

      ctx.watch(POD_STORAGE, (e) => {
        const was = nodeOf(e.old);
        const is = e.type === 'DELETED' ? undefined : nodeOf(e.object);
        if (was !== is) {
          if (was) podsOn.set(was, (podsOn.get(was) ?? 1) - 1);
          if (is) podsOn.set(is, (podsOn.get(is) ?? 0) + 1);
        }
        if (e.type === 'DELETED' || is) return;
        const { namespace = '', name = '' } = e.object.metadata;
        queue.add(`${namespace}/${name}`, () => bind(namespace, name));
      });
    },
  };
}
