/**
 * The simulated kubelets: a pod bound to a node is acknowledged at once (`startTime`, IPs,
 * containers `ContainerCreating`, Ready=False with kubelet's reason and message) and runs after
 * `podStartSeconds` of simulated time (phase Running, containers running with `restartCount` 0,
 * Ready/ContainersReady True). `status.resources` and `allocatedResources` mirror the spec as
 * kubelet reports them; `qosClass` follows kube's `qos.GetPodQOS`. The kubelets write a pod's
 * status only at these two moments, so in-place resizes (the VPA simulation) own it afterwards.
 *
 * Settings, `Scenario.spec.controllers.kubelet`:
 * - `podStartSeconds` (default 3): how long a bound pod takes to become Running and Ready.
 */
import { z } from 'zod';
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../../clock';
import type { Controller, ControllerContext } from '../runtime/controller';
import { podPhase, updateFresh } from './objects';

export const KubeletSettings = z.object({
  podStartSeconds: z.number().min(0).max(3600).default(3),
}).strict();

interface Container {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** `qos.GetPodQOS` for cpu and memory: Guaranteed when every container's limits equal its requests. */
export function qosClass(containers: Container[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    // A limit without a request defaults the request to the limit (core/v1 defaulting).
    const requests = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    const limits = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined || limits[r] !== undefined) any = true;
      if (limits[r] === undefined || requests[r] !== limits[r]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const containersOf = (pod: KubeObject): Container[] => ((pod.spec as { containers?: Container[] } | undefined)?.containers ?? []);

function containerStatus(c: Container, podUid: string, running: string | undefined): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  if (c.resources?.requests) resources.requests = c.resources.requests;
  if (c.resources?.limits) resources.limits = c.resources.limits;
  const base = {
    name: c.name, image: c.image ?? '', imageID: '', restartCount: 0, ready: running !== undefined, started: running !== undefined,
    allocatedResources: c.resources?.requests ?? {}, resources,
  };
  return running === undefined
    ? { ...base, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }
    : { ...base, containerID: `containerd://${podUid.replace(/-/g, '')}${c.name}`.slice(0, 77), imageID: `docker.io/library/${c.image ?? ''}@sha256:sim`, state: { running: { startedAt: running } }, lastState: {} };
}

const condition = (type: string, status: string, now: string, reason?: string, message?: string) => ({ type, status, lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });

export function kubeletController(): Controller {
  return {
    name: 'kubelet',
    user: 'system:node:sim-node',
    component: 'kubelet',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(KubeletSettings);
      const queue = ctx.queue();
      const podRes = ctx.api.resourceFor('v1', 'Pod')!;
      const nodeRes = ctx.api.resourceFor('v1', 'Node')!;
      /** Pods acknowledged and waiting to start, by uid. */
      const starting = new Set<string>();

      const ack = async (namespace: string, name: string) => {
        const pod = ctx.store.get('/pods', namespace, name);
        const nodeName = (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
        if (!pod || !nodeName || (pod.status as { startTime?: string } | undefined)?.startTime) return;
        const node = ctx.store.get(nodeRes.storage, undefined, nodeName);
        const hostIP = ((node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
        const now = rfc3339(ctx.clock.now());
        const names = containersOf(pod).map((c) => c.name).join(' ');
        const podIP = `10.244.${hostIP.split('.').pop()}.${(Number.parseInt(pod.metadata.uid?.slice(0, 4) ?? '0', 16) % 250) + 2}`;
        await updateFresh(ctx.api, podRes, namespace, name, ctx.as, (p) => {
          const st = (p.status ?? {}) as Record<string, unknown>;
          const scheduled = ((st.conditions as { type: string }[] | undefined) ?? []).filter((c) => c.type === 'PodScheduled');
          p.status = {
            ...st, phase: 'Pending', hostIP, hostIPs: [{ ip: hostIP }], podIP, podIPs: [{ ip: podIP }], startTime: now,
            qosClass: qosClass(containersOf(p)),
            conditions: [
              condition('PodReadyToStartContainers', 'True', now), condition('Initialized', 'True', now),
              condition('Ready', 'False', now, 'ContainersNotReady', `containers with unready status: [${names}]`),
              condition('ContainersReady', 'False', now, 'ContainersNotReady', `containers with unready status: [${names}]`),
              ...scheduled,
            ],
            containerStatuses: containersOf(p).map((c) => containerStatus(c, p.metadata.uid ?? '', undefined)),
          };
          return true;
        }, 'status');
        starting.add(pod.metadata.uid!);
        const uid = pod.metadata.uid!;
        ctx.scheduler.after(settings.podStartSeconds * 1000, () => queue.add(`${namespace}/${name}`, () => run(namespace, name, uid)));
      };

      const run = async (namespace: string, name: string, uid: string) => {
        starting.delete(uid);
        const now = rfc3339(ctx.clock.now());
        await updateFresh(ctx.api, podRes, namespace, name, ctx.as, (p) => {
          if (p.metadata.uid !== uid || podPhase(p) !== 'Pending') return false;
          const st = p.status as Record<string, unknown>;
          const conds = (st.conditions as Record<string, unknown>[] | undefined) ?? [];
          st.phase = 'Running';
          st.conditions = conds.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? condition(String(c.type), 'True', now) : c));
          st.containerStatuses = containersOf(p).map((c) => containerStatus(c, uid, now));
          return true;
        }, 'status');
      };

      ctx.watch('/pods', (e) => {
        if (e.type === 'DELETED') return;
        const p = e.object;
        if (!(p.spec as { nodeName?: string } | undefined)?.nodeName || (p.status as { startTime?: string } | undefined)?.startTime || starting.has(p.metadata.uid ?? '')) return;
        const { namespace = '', name = '' } = p.metadata;
        queue.add(`${namespace}/${name}`, () => ack(namespace, name));
      });
    },
  };
}
