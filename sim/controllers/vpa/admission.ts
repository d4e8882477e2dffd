/**
 * The simulated vpa-admission-controller: the backend of the `vpa-webhook-config`
 * MutatingWebhookConfiguration (service kube-system/vpa-webhook, sim/addons/vpa.yaml). On pod
 * CREATE it sets the requests of containers with a recommendation from the matching VPA whose mode
 * is not Off, keeps limits in proportion (unless RequestsOnly), and annotates the pod with
 * `vpaUpdates` and `vpaObservedContainers` (vertical-pod-autoscaler
 * pkg/admission-controller/resource/pod/patch/resource_updates.go, observed_containers.go).
 */
import { matchesLabels } from '@/lib/k8s/label-selector';
import type { KubeObject } from '@/lib/k8s/object';
import type { AdmissionReviewResponse } from '../../admission/types';
import type { Controller, ControllerContext } from '../runtime/controller';
import { listVpas, recommendedResources, specResources, targetSelector, updateMode } from './pods';
import { VpaSettings } from './settings';

type Obj = Record<string, unknown>;
const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

export function vpaAdmissionController(): Controller {
  let unregister: (() => void) | undefined;
  return {
    name: 'vpa',
    user: 'system:serviceaccount:kube-system:vpa-admission-controller',
    component: 'vpa-admission-controller',
    start(ctx: ControllerContext) {
      ctx.settings(VpaSettings);
      unregister = ctx.api.registerWebhookBackend('kube-system', 'vpa-webhook', (review) => admit(ctx, review.request.object, review.request.operation, review.request.resource.resource));
    },
    stop() {
      unregister?.();
    },
  };
}

export function admit(ctx: ControllerContext, object: KubeObject | null, operation: string, resource: string): AdmissionReviewResponse {
  if (!object || operation !== 'CREATE' || resource !== 'pods') return { allowed: true };
  const pod = object;
  const ns = pod.metadata.namespace ?? '';
  const vpa = listVpas(ctx).find((v) => {
    if (v.metadata.namespace !== ns || updateMode(v) === 'Off') return false;
    const reqs = targetSelector(ctx, v);
    return !!reqs && matchesLabels(reqs, pod.metadata.labels);
  });
  if (!vpa) return { allowed: true };
  const next = recommendedResources(pod, vpa);
  const containers = (((pod.spec as Obj).containers ?? []) as Obj[]);
  const current = specResources(pod);
  const ops: Obj[] = [];
  const updates: string[] = [];
  containers.forEach((c, i) => {
    const r = next.get(String(c.name));
    if (!r) return;
    const cur = current.get(String(c.name))!;
    if (!c.resources) ops.push({ op: 'add', path: `/spec/containers/${i}/resources`, value: {} });
    const changed: string[] = [];
    if (Object.keys(r.requests).length) {
      ops.push({ op: 'add', path: `/spec/containers/${i}/resources/requests`, value: r.requests });
      for (const k of Object.keys(r.requests).sort()) if (cur.requests[k] !== r.requests[k]) changed.push(`${k} request`);
    }
    if (Object.keys(r.limits).length) {
      ops.push({ op: 'add', path: `/spec/containers/${i}/resources/limits`, value: r.limits });
      for (const k of Object.keys(r.limits).sort()) if (cur.limits[k] !== r.limits[k]) changed.push(`${k} limit`);
    }
    updates.push(`container ${i}: ${changed.join(', ')}`);
  });
  if (!pod.metadata.annotations) ops.push({ op: 'add', path: '/metadata/annotations', value: {} });
  if (updates.length) ops.push({ op: 'add', path: `/metadata/annotations/${escape('vpaUpdates')}`, value: `Pod resources updated by ${vpa.metadata.name}: ${updates.join('; ')}` });
  ops.push({ op: 'add', path: `/metadata/annotations/${escape('vpaObservedContainers')}`, value: containers.map((c) => String(c.name)).join(', ') });
  return { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') };
}
