/**
 * The simulated kubelet's answer to in-place pod resizes (KEP-1287 as of Kubernetes 1.33): when a
 * pod's `spec.containers[].resources` differ from what was allocated, the next outcome of the
 * scenario's `ResizeBehavior` for the pod's workload applies (default `resized`):
 *
 * - `resized` / `resized-with-restart`: allocated at once; `PodResizeInProgress` for `inProgressFor`
 *   (if set), then `containerStatuses[].resources` follow the spec; with restart the changed
 *   containers' `restartCount` grows by one.
 * - `deferred`: `PodResizePending` reason Deferred; after `deferredFor` (if set) it is applied.
 * - `infeasible`: `PodResizePending` reason Infeasible, until the spec changes again.
 * - `error`: allocated, then `PodResizeInProgress` reason Error; the resources never follow.
 *
 * Clusters before v1.33 (or `resizeStatus: legacy|both`) report through `status.resize` instead
 * (Proposed, InProgress, Deferred, Infeasible), as 1.27–1.32 did.
 */
import { parseDuration } from '@/lib/duration';
import type { KubeObject } from '@/lib/k8s/object';
import { parseQuantity } from '@/lib/k8s/quantity';
import { rfc3339 } from '../../clock';
import type { ResizeOutcome } from '../../scenario/docs/resize-behavior';
import type { Controller, ControllerContext } from '../runtime/controller';
import { specResources, workloadOf } from './pods';
import { VpaSettings } from './settings';

type Obj = Record<string, unknown>;

interface Attempt {
  desired: string;
  outcome: ResizeOutcome;
}

export function kubeletResize(): Controller {
  return {
    name: 'vpa',
    user: 'system:node:sim-node',
    component: 'kubelet',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(VpaSettings);
      const queue = ctx.queue();
      const attempts = new Map<string, Attempt>();
      const counters = new Map<string, number>();
      const podRes = ctx.api.resourceFor('v1', 'Pod')!;
      const mode = (): { conditions: boolean; legacy: boolean } => {
        if (settings.resizeStatus === 'both') return { conditions: true, legacy: true };
        if (settings.resizeStatus === 'conditions') return { conditions: true, legacy: false };
        if (settings.resizeStatus === 'legacy') return { conditions: false, legacy: true };
        const m = /^v(\d+)\.(\d+)/.exec(ctx.api.serverVersion);
        const at133 = !m || Number(m[1]) > 1 || Number(m[2]) >= 33;
        return { conditions: at133, legacy: !at133 };
      };

      const writeStatus = async (ns: string, name: string, uid: string, change: (status: Obj, pod: KubeObject) => boolean) => {
        const pod = ctx.store.get('/pods', ns, name);
        if (!pod || pod.metadata.uid !== uid) return;
        const status = structuredClone((pod.status ?? {}) as Obj);
        if (!change(status, pod)) return;
        await ctx.api.update(podRes, ns, name, { ...pod, status }, ctx.as(), 'status');
      };

      const nextOutcome = (pod: KubeObject): { outcome: ResizeOutcome; deferredFor?: number; inProgressFor?: number } => {
        const w = workloadOf(ctx, pod);
        const doc = ctx.docs('ResizeBehavior').filter((d) => d.spec.target.namespace === pod.metadata.namespace && d.spec.target.name === w?.name && (!d.spec.target.kind || d.spec.target.kind === w?.kind)).at(-1);
        if (!doc) return { outcome: 'resized' };
        const key = doc.metadata.name;
        const i = counters.get(key) ?? 0;
        counters.set(key, i + 1);
        const outcomes = doc.spec.outcomes;
        return { outcome: outcomes[Math.min(i, outcomes.length - 1)]!, deferredFor: doc.spec.deferredFor ? parseDuration(doc.spec.deferredFor) : undefined, inProgressFor: doc.spec.inProgressFor ? parseDuration(doc.spec.inProgressFor) : undefined };
      };

      const reconcile = async (ns: string, name: string) => {
        const pod = ctx.store.get('/pods', ns, name);
        if (!pod || pod.metadata.deletionTimestamp || (pod.status as Obj | undefined)?.phase !== 'Running') return;
        const uid = pod.metadata.uid!;
        const spec = specResources(pod);
        const statuses = (((pod.status as Obj).containerStatuses ?? []) as Obj[]);
        // First sight: the kubelet reports what it allocated and actuated (the spec at admission).
        if ([...spec.keys()].some((c) => !statuses.find((s) => s.name === c)?.allocatedResources)) {
          await writeStatus(ns, name, uid, (st) => {
            st.containerStatuses = [...spec.entries()].map(([c, r]) => ({ ...defaultStatus(c, pod, ctx), ...(statuses.find((s) => s.name === c) ?? {}), allocatedResources: { ...r.requests }, resources: resourcesOf(r) }));
            return true;
          });
          return;
        }
        const desired = canon([...spec.entries()]);
        const actual = canon([...spec.keys()].map((c) => [c, fromResources(statuses.find((s) => s.name === c)?.resources as Obj | undefined)]));
        if (desired === actual) return;
        const prev = attempts.get(uid);
        if (prev && prev.desired === desired) return;
        const { outcome, deferredFor, inProgressFor } = nextOutcome(pod);
        attempts.set(uid, { desired, outcome });
        const m = mode();
        const now = rfc3339(ctx.clock.now());
        const cap = { cpu: parseQuantity(settings.node.cpu)! * 1000, memory: parseQuantity(settings.node.memory)! };
        const which = resourceAsked(spec, statuses);
        const requested = Math.round([...spec.values()].reduce((sum, r) => sum + (parseQuantity(r.requests[which]) ?? 0), 0) * (which === 'cpu' ? 1000 : 1));
        const setConditions = (st: Obj, cond?: Obj) => {
          const others = ((st.conditions ?? []) as Obj[]).filter((c) => c.type !== 'PodResizePending' && c.type !== 'PodResizeInProgress');
          st.conditions = cond && m.conditions ? [...others, { lastProbeTime: null, lastTransitionTime: now, status: 'True', ...cond }] : others;
        };
        const legacy = (st: Obj, value?: string) => {
          if (!m.legacy) return;
          if (value) st.resize = value;
          else delete st.resize;
        };
        const allocate = (st: Obj) => {
          const list = (st.containerStatuses ?? []) as Obj[];
          for (const [c, r] of spec) {
            const s = list.find((x) => x.name === c);
            if (s) s.allocatedResources = { ...r.requests };
          }
        };
        const actuate = (st: Obj, restart: boolean) => {
          const list = (st.containerStatuses ?? []) as Obj[];
          for (const [c, r] of spec) {
            const s = list.find((x) => x.name === c);
            if (!s) continue;
            const changed = canon(fromResources(s.resources as Obj | undefined)) !== canon(r);
            s.allocatedResources = { ...r.requests };
            s.resources = resourcesOf(r);
            if (restart && changed) {
              s.restartCount = Number(s.restartCount ?? 0) + 1;
              s.state = { running: { startedAt: rfc3339(ctx.clock.now()) } };
            }
          }
          setConditions(st);
          legacy(st);
        };
        const stillWanted = () => attempts.get(uid)?.desired === desired;
        switch (outcome) {
          case 'resized':
          case 'resized-with-restart': {
            const restart = outcome === 'resized-with-restart';
            if (!inProgressFor) return writeStatus(ns, name, uid, (st) => (actuate(st, restart), true));
            await writeStatus(ns, name, uid, (st) => (allocate(st), setConditions(st, { type: 'PodResizeInProgress' }), legacy(st, 'InProgress'), true));
            ctx.scheduler.after(inProgressFor, () => queue.add(`done/${uid}`, () => (stillWanted() ? writeStatus(ns, name, uid, (st) => (actuate(st, restart), true)) : Promise.resolve())));
            return;
          }
          case 'deferred':
            await writeStatus(ns, name, uid, (st) => (setConditions(st, { type: 'PodResizePending', reason: 'Deferred', message: `Node didn't have enough resource: ${which}, requested: ${requested}, used: ${Math.max(0, cap[which] - requested + 1)}, capacity: ${cap[which]}` }), legacy(st, 'Deferred'), true));
            if (deferredFor !== undefined) ctx.scheduler.after(deferredFor, () => queue.add(`done/${uid}`, () => (stillWanted() ? writeStatus(ns, name, uid, (st) => (actuate(st, false), true)) : Promise.resolve())));
            return;
          case 'infeasible':
            return writeStatus(ns, name, uid, (st) => (setConditions(st, { type: 'PodResizePending', reason: 'Infeasible', message: `Node didn't have enough capacity: ${which}, requested: ${requested}, capacity: ${cap[which]}` }), legacy(st, 'Infeasible'), true));
          case 'error':
            return writeStatus(ns, name, uid, (st) => (allocate(st), setConditions(st, { type: 'PodResizeInProgress', reason: 'Error', message: 'failed to update container resources: the simulated runtime refused the resize (ResizeBehavior error)' }), legacy(st, 'InProgress'), true));
        }
      };

      ctx.watch('/pods', (e) => {
        if (e.type === 'DELETED') {
          attempts.delete(e.object.metadata.uid!);
          return;
        }
        queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`, () => reconcile(e.object.metadata.namespace!, e.object.metadata.name!));
      });
    },
  };
}

/** JSON with sorted keys and quantities normalised, so `1000m` and `1` compare equal. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${canon((v as Obj)[k])}`).join(',')}}`;
  if (typeof v === 'string' && parseQuantity(v) !== undefined) return String(parseQuantity(v));
  return JSON.stringify(v);
}

function resourcesOf(r: { requests: Record<string, string>; limits: Record<string, string> }): Obj {
  const out: Obj = {};
  if (Object.keys(r.requests).length) out.requests = { ...r.requests };
  if (Object.keys(r.limits).length) out.limits = { ...r.limits };
  return out;
}

function fromResources(r: Obj | undefined): { requests: Record<string, string>; limits: Record<string, string> } {
  return { requests: { ...((r?.requests ?? {}) as Record<string, string>) }, limits: { ...((r?.limits ?? {}) as Record<string, string>) } };
}

/** The resource a Pending message names: cpu when the CPU request changes, else memory. */
function resourceAsked(spec: Map<string, { requests: Record<string, string> }>, statuses: Obj[]): 'cpu' | 'memory' {
  for (const [c, r] of spec) {
    const s = statuses.find((x) => x.name === c);
    const cur = ((s?.resources as Obj | undefined)?.requests ?? {}) as Record<string, string>;
    if (parseQuantity(r.requests.cpu) !== parseQuantity(cur.cpu)) return 'cpu';
  }
  return 'memory';
}

function defaultStatus(name: string, pod: KubeObject, ctx: ControllerContext): Obj {
  const c = ((((pod.spec as Obj).containers ?? []) as Obj[]).find((x) => x.name === name) ?? {}) as Obj;
  return { name, image: c.image, imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: rfc3339(ctx.clock.now()) } } };
}
