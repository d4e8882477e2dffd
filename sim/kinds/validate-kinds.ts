/**
 * Validation of built-in kinds: the checks a user hits in practice, with kube-apiserver's texts
 * (apps, core, autoscaling validation). Honest, not exhaustive.
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { labelSelectorRequirements, matchesLabels } from '@/lib/k8s/label-selector';
import type { FieldError } from '../registry/types';
import { deepEqual, getPath, isJsonObject } from '../store/json';
import { fieldErr, goStringMap } from './field-errors';
import { labelErrors, nameErrors } from './validate-meta';

const arr = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

function nonNegative(out: FieldError[], v: unknown, field: string): void {
  if (typeof v === 'number' && v < 0) out.push(fieldErr.invalid(field, v, 'must be greater than or equal to 0'));
}

function containerErrors(cs: unknown, field: string, required: boolean): FieldError[] {
  const out: FieldError[] = [];
  const list = arr(cs);
  if (required && list.length === 0) out.push(fieldErr.required(field));
  const names = new Set<string>();
  list.forEach((c, i) => {
    const f = `${field}[${i}]`;
    if (typeof c.name !== 'string' || !c.name) out.push(fieldErr.required(`${f}.name`));
    else {
      for (const e of nameErrors(c.name, 'label')) out.push(fieldErr.invalid(`${f}.name`, c.name, e));
      if (names.has(c.name)) out.push(fieldErr.duplicate(`${f}.name`, c.name));
      names.add(c.name);
    }
    if (typeof c.image !== 'string' || !c.image.trim()) out.push(fieldErr.required(`${f}.image`));
  });
  return out;
}

/** Pod spec checks at `field` (`spec` of a Pod, `spec.template.spec` of a workload). */
export function podSpecErrors(spec: unknown, field: string): FieldError[] {
  const s = isJsonObject(spec) ? spec : {};
  const out = [...containerErrors(s.containers, `${field}.containers`, true), ...containerErrors(s.initContainers, `${field}.initContainers`, false)];
  const rp = s.restartPolicy;
  if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(String(rp))) out.push(fieldErr.notSupported(`${field}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  return out;
}

/** Selector + template checks shared by Deployment, ReplicaSet, StatefulSet (apps ValidatePodTemplateSpecForReplicaSet). */
function workloadErrors(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  const out: FieldError[] = [];
  const spec = isJsonObject(o.spec) ? o.spec : {};
  nonNegative(out, spec.replicas, 'spec.replicas');
  const sel = spec.selector;
  const tplLabels = getPath(spec, ['template', 'metadata', 'labels']) as Record<string, string> | undefined;
  if (sel === undefined || sel === null) out.push(fieldErr.required('spec.selector'));
  else {
    const r = labelSelectorRequirements(sel);
    if (!r.ok) out.push(fieldErr.invalid('spec.selector', sel, r.error));
    else if (r.requirements.length === 0) out.push(fieldErr.invalid('spec.selector', sel, 'empty selector is invalid for deployment', selectorGo(sel)));
    else if (!matchesLabels(r.requirements, tplLabels ?? {})) {
      out.push(fieldErr.invalid('spec.template.metadata.labels', tplLabels, '`selector` does not match template `labels`', goStringMap(tplLabels)));
    }
  }
  out.push(...labelErrors(tplLabels, 'spec.template.metadata.labels'));
  out.push(...podSpecErrors(getPath(spec, ['template', 'spec']), 'spec.template.spec'));
  if (old && !deepEqual(getPath(old, ['spec', 'selector']), sel)) out.push(fieldErr.invalid('spec.selector', sel, 'field is immutable', selectorGo(sel)));
  return out;
}

/** Go's `%#v` of a `*metav1.LabelSelector`, as immutability errors print it. */
function selectorGo(sel: unknown): string {
  if (!isJsonObject(sel)) return '(*v1.LabelSelector)(nil)';
  const ml = sel.matchLabels as Record<string, string> | undefined;
  const exprs = arr(sel.matchExpressions);
  const e = exprs.length
    ? `[]v1.LabelSelectorRequirement{${exprs.map((x) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(x.key)}, Operator:${JSON.stringify(x.operator)}, Values:${Array.isArray(x.values) ? `[]string{${x.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `&v1.LabelSelector{MatchLabels:${goStringMap(ml)}, MatchExpressions:${e}}`;
}

export function validateDeployment(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  const out = workloadErrors(o, old);
  const spec = isJsonObject(o.spec) ? o.spec : {};
  const type = getPath(spec, ['strategy', 'type']);
  if (type !== undefined && type !== 'RollingUpdate' && type !== 'Recreate') out.push(fieldErr.notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
  if (type === 'Recreate' && getPath(spec, ['strategy', 'rollingUpdate']) !== undefined) out.push(fieldErr.forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
  nonNegative(out, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  nonNegative(out, spec.minReadySeconds, 'spec.minReadySeconds');
  return out;
}

export function validateReplicaSet(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  return workloadErrors(o, old);
}

export function validateStatefulSet(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  return workloadErrors(o, old);
}

export function validatePod(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  const out = podSpecErrors(o.spec, 'spec');
  if (old) {
    const a = arr(getPath(old, ['spec', 'containers'])).map((c) => c.name);
    const b = arr(getPath(o, ['spec', 'containers'])).map((c) => c.name);
    if (!deepEqual(a, b)) out.push(fieldErr.forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
  }
  return out;
}

export function validateJob(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  const out = podSpecErrors(getPath(o, ['spec', 'template', 'spec']), 'spec.template.spec');
  const rp = getPath(o, ['spec', 'template', 'spec', 'restartPolicy']);
  if (rp !== 'OnFailure' && rp !== 'Never') out.push(fieldErr.notSupported('spec.template.spec.restartPolicy', rp ?? '', ['OnFailure', 'Never']));
  nonNegative(out, getPath(o, ['spec', 'parallelism']), 'spec.parallelism');
  nonNegative(out, getPath(o, ['spec', 'completions']), 'spec.completions');
  if (old && !deepEqual(getPath(old, ['spec', 'template']), getPath(o, ['spec', 'template']))) out.push(fieldErr.invalid('spec.template', getPath(o, ['spec', 'template']), 'field is immutable', 'core.PodTemplateSpec{...}'));
  return out;
}

/** autoscaling validation of an HPA in its stored (v2) form. */
export function validateHpa(o: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const spec = isJsonObject(o.spec) ? o.spec : {};
  const ref = isJsonObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  if (!ref.kind) out.push(fieldErr.required('spec.scaleTargetRef.kind'));
  if (!ref.name) out.push(fieldErr.required('spec.scaleTargetRef.name'));
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === 'number' && min < 1) out.push(fieldErr.invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (typeof max !== 'number' || max < 1) out.push(fieldErr.invalid('spec.maxReplicas', max ?? 0, 'must be greater than 0'));
  else if (typeof min === 'number' && max < min) out.push(fieldErr.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  arr(spec.metrics).forEach((m, i) => {
    const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
    if (!types.includes(String(m.type))) out.push(fieldErr.notSupported(`spec.metrics[${i}].type`, m.type ?? '', types));
  });
  return out;
}

export function validateService(o: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const t = getPath(o, ['spec', 'type']);
  const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
  if (t !== undefined && !types.includes(String(t))) out.push(fieldErr.notSupported('spec.type', t, types));
  arr(getPath(o, ['spec', 'ports'])).forEach((p, i) => {
    if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) out.push(fieldErr.invalid(`spec.ports[${i}].port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
  });
  return out;
}

export function validateRoleBinding(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  const out: FieldError[] = [];
  const ref = isJsonObject(o.roleRef) ? o.roleRef : {};
  if (!ref.name) out.push(fieldErr.required('roleRef.name'));
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') out.push(fieldErr.notSupported('roleRef.kind', ref.kind ?? '', ['ClusterRole', 'Role']));
  if (old && !deepEqual(old.roleRef, o.roleRef)) out.push(fieldErr.invalid('roleRef', o.roleRef, 'cannot change roleRef', JSON.stringify(o.roleRef)));
  return out;
}
