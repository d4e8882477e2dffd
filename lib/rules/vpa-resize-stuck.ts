/**
 * A pod of a VPA in in-place mode (`InPlaceOrRecreate`, `InPlace`) whose resize does not complete:
 * `PodResizePending` with reason `Infeasible`, `Deferred` for more than 5 minutes, or
 * `PodResizeInProgress` for more than 1 hour or with reason `Error` (the older `status.resize`
 * field, before Kubernetes 1.33, says `Infeasible` / `Deferred` / `InProgress` without a time).
 * The thresholds are the VPA updater's (kubernetes/autoscaler vertical-pod-autoscaler
 * pkg/updater/restriction/pods_inplace_restriction.go `DeferredResizeUpdateTimeout`,
 * `InProgressResizeUpdateTimeout`, `CanEvictInPlacingPod`): in `InPlaceOrRecreate` it then falls
 * back to evicting the pod; in `InPlace` it never evicts and waits, retrying an infeasible resize
 * only when the recommendation asks for less (`CanInPlaceUpdate`). The reading of the pod is
 * `podResizeStatus` / `resizeTimedOut` in lib/vpa. The updater counts from its own last attempt,
 * which it keeps in memory; the condition's lastTransitionTime is the nearest the objects tell, and
 * a `status.resize` without a time is reported only when it is `Infeasible`.
 */
import { indexOf } from '../snapshot-index';
import { formatDuration } from '../duration';
import { at, list, str } from '../k8s/fields';
import { isRecord, type KubeObject } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import { Vpa } from '../k8s/vpa';
import type { Snapshot } from '../snapshot';
import { podResizeStatus, resizeTimedOut, type ResizeStatus } from '../vpa';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

const IN_PLACE_MODES = ['InPlaceOrRecreate', 'InPlace'];

export const vpaResizeStuck: Rule = {
  id: 'vpa-resize-stuck',
  volatile: true,
  severity: 'warning',
  title: 'In-place resize stuck',
  check(snapshot, { graph, now }) {
    const findings: Finding[] = [];
    const nowMs = Date.parse(now);
    for (const vpa of snapshot.objects.vpas) {
      const mode = Vpa.effectiveMode(vpa);
      if (!IN_PLACE_MODES.includes(mode)) continue;
      const t = Vpa.target(vpa);
      const workload = t && graph.nodes.get(targetKey(t))?.object;
      if (!workload || (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet')) continue;
      const stuck = podsOf(snapshot, workload)
        .map((pod) => ({ pod, status: resizeStatusOf(pod) }))
        .filter((p) => resizeTimedOut(p.status, nowMs));
      if (stuck.length) findings.push(finding(workload, vpa, mode, stuck, nowMs));
    }
    return findings;
  },
};

/** The pod's resize progress, read from a copy with only well-formed conditions (objects are untrusted). */
function resizeStatusOf(pod: KubeObject): ResizeStatus {
  return podResizeStatus({ status: { conditions: list(at(pod.status, 'conditions')).filter(isRecord), resize: str(at(pod.status, 'resize')) } });
}

/** The pods a Deployment (through its ReplicaSets) or a StatefulSet controls, by ownerReferences. */
function podsOf(s: Snapshot, workload: KubeObject): readonly KubeObject[] {
  const idx = indexOf(s);
  const owned = idx.podsOf(workload);
  if (workload.kind === 'StatefulSet') return owned;
  // A ReplicaSet missing from the snapshot still names its Deployment: `<deployment>-<pod-template-hash>`.
  const name = workload.metadata.name ?? '';
  const orphans = idx.inNamespace('pods', workload.metadata.namespace).filter((p) => (p.metadata.ownerReferences ?? []).some((r) =>
    r.kind === 'ReplicaSet' && r.name.startsWith(`${name}-`) && /^[a-z0-9]{1,10}$/.test(r.name.slice(name.length + 1)) && !idx.get('replicasets', workload.metadata.namespace, r.name)));
  return orphans.length ? [...owned, ...orphans] : owned;
}

const STATE_TEXT: Record<string, string> = {
  infeasible: 'the node cannot fit the new requests at all (`Infeasible`)',
  deferred: 'the node cannot fit the new requests right now (`Deferred`)',
  'in-progress': 'the kubelet started the resize and has not finished it (`InProgress`)',
  error: 'the kubelet failed to apply the resize (`Error`)',
};

function describePod(pod: KubeObject, s: ResizeStatus, nowMs: number): string {
  const sinceMs = s.since ? Date.parse(s.since) : NaN;
  const age = Number.isFinite(sinceMs) && nowMs >= sinceMs ? ` for ${formatDuration(Math.floor((nowMs - sinceMs) / 1000) * 1000)}` : '';
  const where = s.source === 'status.resize' ? ` (${code(`status.resize: ${s.reason ?? ''}`)})` : ` (${code(s.state === 'in-progress' || s.state === 'error' ? 'PodResizeInProgress' : 'PodResizePending')}${s.since ? ` since ${s.since}` : ''})`;
  const node = str(at(pod.spec, 'nodeName'));
  return `pod ${code(pod.metadata.name ?? '')}${node ? ` on node ${code(node)}` : ''}: ${STATE_TEXT[s.state] ?? s.state}${age}${where}${s.message ? `: ${code(s.message)}` : ''}`;
}

function nextStep(mode: string, states: Set<string>): string {
  if (mode === 'InPlaceOrRecreate') {
    return 'In `InPlaceOrRecreate` the updater now gives up on the in-place resize and evicts the pod (event `EvictedByVPA`) as soon as its eviction limits allow (PodDisruptionBudgets and its eviction tolerance); ' +
      'the replacement pod gets the recommended requests from the VPA admission controller, on whichever node has room' +
      (states.has('infeasible') ? ', and stays Pending if no node has room for them.' : '.');
  }
  return 'In `InPlace` mode the updater never evicts: it keeps waiting on a deferred or in-progress resize, and retries an infeasible or failed one only when a new recommendation asks for less of some resource. Until then the pod runs with its old requests.';
}

function finding(workload: KubeObject, vpa: KubeObject, mode: string, stuck: { pod: KubeObject; status: ResizeStatus }[], nowMs: number): Finding {
  const states = new Set(stuck.map((p) => p.status.state));
  const w = named(refOf(workload));
  const remedies = [
    ...(states.has('infeasible') ? [`${code('Infeasible')}: the requests exceed what the node can ever allocate; cap them with the VPA's ${code('maxAllowed')} in ${code('resourcePolicy.containerPolicies')} or run the pods on bigger nodes.`] : []),
    ...(states.has('deferred') ? [`${code('Deferred')}: other pods hold the node's capacity; the kubelet retries as room frees up, or the pod moves on eviction.`] : []),
    ...(states.has('in-progress') || states.has('error') ? ['In progress too long or failed: read the kubelet and container runtime logs on that node for the resize.'] : []),
  ];
  return {
    rule: vpaResizeStuck.id,
    severity: vpaResizeStuck.severity,
    subjects: [refOf(workload), refOf(vpa), ...stuck.map((p) => refOf(p.pod))],
    message: `VPA ${code(vpa.metadata.name ?? '')} cannot resize ${stuck.length === 1 ? `pod ${code(stuck[0]!.pod.metadata.name ?? '')}` : `${stuck.length} pods`} of ${w} in place`,
    explanation:
      `${named(refOf(vpa))} resizes the pods of ${w} in place (mode ${code(mode)}), but ${listing(stuck.map((p) => describePod(p.pod, p.status, nowMs)))}. ` +
      `The VPA updater gives an in-place resize 5 minutes when it is deferred and 1 hour when it is in progress, and none when it is infeasible or failed. ${nextStep(mode, states)}`,
    remedy: remedies.join(' '),
    since: stuck.map((p) => p.status.since).filter((t): t is string => !!t).sort()[0],
  };
}
