/**
 * Preflight of `vpa-update-mode` (design §5): the VPA's CRD and components know the mode, the API
 * server can resize pods in place (KEP-1287: beta and on by default from Kubernetes 1.33, alpha
 * behind the `InPlacePodVerticalScaling` feature gate in 1.27–1.32), what the containers'
 * `resizePolicy` asks for, and the honest part: an in-place resize may still restart a container
 * (AEP-4016 / seed 001 — a `NotRequired` policy is a wish the runtime may not grant).
 */
import { list, at, str } from '../k8s/fields';
import { isRecord, type KubeObject } from '../k8s/object';
import { VPA_UPDATE_MODES, Vpa } from '../k8s/vpa';
import { Workload } from '../k8s/workload';
import type { Snapshot } from '../snapshot';
import { IN_PLACE_MODES } from '../vpa/status';
import { check } from './preflight';
import type { PreflightCheck } from './types';

/** `v1.33.4-gke.1` → [1, 33]; undefined when unreadable. */
export function parseServerVersion(v: string | undefined): [number, number] | undefined {
  const m = v ? /^v?(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const atLeast = (v: [number, number], major: number, minor: number) => v[0] > major || (v[0] === major && v[1] >= minor);

/** The image tag of a VPA component Deployment (`vpa-updater`, `vpa-admission-controller`), e.g. `1.5.1`. */
export function vpaComponentVersion(s: Snapshot, component: string): string | undefined {
  const d = s.objects.deployments.find((x) => x.metadata.name === component || x.metadata.labels?.['app.kubernetes.io/name'] === component || x.metadata.labels?.app === component);
  const image = d ? Workload.containers(d)[0]?.image : undefined;
  return image ? Workload.imageTag(image) : undefined;
}

export function modeValid(mode: string): PreflightCheck {
  const known = (VPA_UPDATE_MODES as readonly string[]).includes(mode);
  return check('mode-valid', known, known ? `${mode} is a VPA update mode${mode === 'Auto' ? ' (a deprecated alias of Recreate)' : ''}.` : `${mode || '(none)'} is not a VPA update mode.`, true,
    `Choose one of ${VPA_UPDATE_MODES.filter((m) => m !== 'Auto').join(', ')} with options.updateMode.`);
}

/**
 * Whether the installed VPA knows the mode. Off, Initial, Recreate and Auto are in every v1 CRD;
 * InPlaceOrRecreate arrived with VPA 1.4.0 behind the `InPlaceOrRecreate` feature gate of the
 * updater and admission controller and is on by default from 1.5.0. The server dry-run of the
 * step is the final word: the CRD's enum refuses a mode it does not list.
 */
export function crdAcceptsMode(s: Snapshot, mode: string): PreflightCheck {
  const installed = s.kinds.vpas.state !== 'absent';
  if (!installed) return check('crd-accepts-mode', false, 'The cluster does not serve verticalpodautoscalers.autoscaling.k8s.io: the VPA is not installed.', true, 'Install the Vertical Pod Autoscaler first.');
  if (!IN_PLACE_MODES.includes(mode)) return check('crd-accepts-mode', true, `Every autoscaling.k8s.io/v1 VerticalPodAutoscaler CRD accepts ${mode}.`, true);
  const version = vpaComponentVersion(s, 'vpa-updater') ?? vpaComponentVersion(s, 'vpa-admission-controller');
  const v = parseServerVersion(version);
  if (!v) {
    return check('crd-accepts-mode', false, `Could not tell which VPA release runs here (no vpa-updater Deployment with a version tag was found). A CRD older than VPA 1.4.0 refuses ${mode}; the server dry-run below will say so.`, false,
      'Check the release of the VPA components (1.5.0 or later runs in-place updates by default).');
  }
  if (mode === 'InPlaceOrRecreate') {
    if (atLeast(v, 1, 5)) return check('crd-accepts-mode', true, `VPA ${version} is installed: its CRD lists InPlaceOrRecreate and its updater and admission controller run it by default (beta since 1.5.0).`, true);
    if (atLeast(v, 1, 4)) {
      return check('crd-accepts-mode', false, `VPA ${version} lists InPlaceOrRecreate as alpha: the updater and admission controller act on it only with --feature-gates=InPlaceOrRecreate=true.`, false,
        'Enable the InPlaceOrRecreate feature gate on vpa-updater and vpa-admission-controller, or upgrade the VPA to 1.5.0 or later.');
    }
    return check('crd-accepts-mode', false, `VPA ${version} predates InPlaceOrRecreate (added in 1.4.0): its CRD refuses the mode.`, true, 'Upgrade the VPA (CRDs and components) to 1.5.0 or later.');
  }
  return check('crd-accepts-mode', atLeast(v, 1, 5), atLeast(v, 1, 5)
    ? `VPA ${version} is installed; whether its CRD lists ${mode} is confirmed by the server dry-run below.`
    : `VPA ${version} predates in-place-only updates: its CRD most likely refuses ${mode}.`, false, `Use InPlaceOrRecreate, or a VPA release whose CRD lists ${mode}.`);
}

/** Whether the API server resizes pods in place (only asked for the in-place modes). */
export function serverSupportsInPlace(serverVersion: string | undefined, mode: string): PreflightCheck {
  const v = parseServerVersion(serverVersion);
  const fallback = mode === 'InPlace' ? 'InPlace never resizes a pod' : 'InPlaceOrRecreate evicts every pod it updates, exactly like Recreate';
  if (!v) return check('server-in-place', false, `The Kubernetes server version is not known, so in-place resize support cannot be confirmed (without it, ${fallback}).`, false, 'Check that the server is 1.33 or later, or that InPlacePodVerticalScaling is enabled.');
  if (atLeast(v, 1, 33)) return check('server-in-place', true, `Kubernetes ${serverVersion}: in-place pod resize (InPlacePodVerticalScaling) is beta and on by default since 1.33; the kubelet reports progress in the PodResizePending and PodResizeInProgress conditions.`, true);
  if (atLeast(v, 1, 27)) {
    return check('server-in-place', false, `Kubernetes ${serverVersion}: in-place pod resize is alpha before 1.33 and works only where the InPlacePodVerticalScaling feature gate is on (API server and every kubelet); progress is reported in status.resize. Without the gate, ${fallback}.`, false,
      'Enable the InPlacePodVerticalScaling feature gate on the API server and the kubelets, or upgrade to Kubernetes 1.33 or later.');
  }
  return check('server-in-place', false, `Kubernetes ${serverVersion} cannot resize pods in place at all (the feature arrived as alpha in 1.27): ${fallback}.`, mode === 'InPlace', 'Upgrade to Kubernetes 1.33 or later, or keep Recreate.');
}

interface ContainerPolicyView { name: string; policies: Record<string, string> }

/** Each container's `resizePolicy` for the resources the VPA controls. */
export function resizePolicies(workload: KubeObject | undefined): ContainerPolicyView[] {
  return list(at(workload?.spec, 'template', 'spec', 'containers')).filter(isRecord).map((c) => {
    const policies: Record<string, string> = {};
    for (const p of list(c.resizePolicy).filter(isRecord)) {
      const r = str(p.resourceName);
      if (r) policies[r] = str(p.restartPolicy) ?? 'NotRequired';
    }
    return { name: str(c.name) ?? '', policies };
  });
}

export function resizePolicyCheck(vpa: KubeObject, workload: KubeObject | undefined): PreflightCheck {
  const views = resizePolicies(workload);
  if (!workload) return check('resize-policy', false, 'The target workload is not in the cache: its containers\' resizePolicy cannot be read.', false, 'Check that the VPA\'s targetRef names an existing workload.');
  const restarting: string[] = [];
  const words = views.map((c) => {
    const controlled = Vpa.controlledResources(vpa, c.name);
    if (!controlled.length) return `${c.name}: not controlled by the VPA`;
    const parts = controlled.map((r) => {
      const p = c.policies[r] ?? 'NotRequired';
      if (p === 'RestartContainer') restarting.push(`${c.name} (${r})`);
      return `${r} ${p}${c.policies[r] ? '' : ' (default)'}`;
    });
    return `${c.name}: ${parts.join(', ')}`;
  });
  return check('resize-policy', restarting.length === 0,
    `Container resizePolicy: ${words.join('; ') || 'no containers'}.${restarting.length ? ` A resize of ${restarting.join(', ')} restarts the container by design (RestartContainer).` : ''}`,
    false, 'Set resizePolicy restartPolicy NotRequired for resources that can change without a restart (most runtimes apply CPU live; memory often needs the process to notice).');
}

/** Always a warning for the in-place modes: nothing guarantees that a resize does not restart a container. */
export function restartWarning(mode: string): PreflightCheck {
  return check('restarts-possible', false,
    `${mode} is best effort, not a promise of no disruption: even with resizePolicy NotRequired the container runtime may restart a container to apply new resources (a memory limit below current usage, a runtime that cannot resize), and the VPA upstream treats every in-place update as possibly disruptive (AEP-4016). ` +
    (mode === 'InPlaceOrRecreate' ? 'When a resize is Infeasible or fails, or stays Deferred for 5 minutes or InProgress for an hour, the updater evicts the pod instead. ' : 'InPlace never evicts: a resize that is Infeasible or fails stays so until the recommendation changes. ') +
    'scaleguard records every resize and whether a restartCount rose: the VPA page shows the share that was truly non-disruptive.',
    false, 'Keep PodDisruptionBudgets and readiness probes in place as for Recreate; watch the resize history after the switch.');
}
