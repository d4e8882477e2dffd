/**
 * The checks kube-apiserver runs on a custom resource after OpenAPI validation:
 * `x-kubernetes-list-type` set/map uniqueness (apiextensions `schema/listtype`), embedded resources'
 * apiVersion/kind, and `x-kubernetes-validations` (CEL). CEL itself is not implemented: the few rules
 * the upstream CRDs we serve declare are emulated here in TypeScript (each keyed by its exact rule
 * text); any other rule is reported back as "not evaluated" instead of being silently passed.
 */
import { fieldError, type FieldError } from './field-errors';
import { isObject, jsonEqual, type JsonValue } from './json';
import type { SNode } from './structural-compile';

type Walk = (path: string, s: SNode, x: JsonValue) => void;

/** Visits every present value with its schema node and upstream field path (`spec.a[0][key]`). */
function walk(s: SNode, x: JsonValue, path: string, visit: Walk): void {
  visit(path, s, x);
  if (isObject(x)) {
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.get(k);
      if (prop) walk(prop, v, path ? `${path}.${k}` : k, visit);
      else if (s.additionalProperties) walk(s.additionalProperties, v, `${path}[${k}]`, visit);
    }
  } else if (Array.isArray(x) && s.items) {
    x.forEach((v, i) => walk(s.items as SNode, v, `${path}[${i}]`, visit));
  }
}

/** `ValidateListSetsAndMaps`: duplicates in `set` lists and duplicate keys in `map` lists. */
export function listTypeErrors(root: SNode, obj: JsonValue): FieldError[] {
  const errs: FieldError[] = [];
  walk(root, obj, '', (path, s, x) => {
    if (!Array.isArray(x) || (s.listType !== 'set' && s.listType !== 'map')) return;
    if (s.listType === 'set') {
      x.forEach((v, i) => {
        if (x.findIndex((y) => jsonEqual(y, v)) !== i) errs.push(fieldError('FieldValueDuplicate', `${path}[${i}]`, v, ''));
      });
      return;
    }
    const bad = x.findIndex((v) => v !== null && !isObject(v));
    if (bad >= 0) {
      errs.push(fieldError('FieldValueInvalid', `${path}[${bad}]`, x[bad], 'must be an object for an array of list-type map'));
      return;
    }
    const keys = s.listMapKeys ?? [];
    const keyOf = (v: JsonValue) => {
      const out: Record<string, JsonValue> = {};
      for (const k of keys) {
        const item = isObject(v) && Object.hasOwn(v, k) ? v[k] : s.items?.properties?.get(k)?.default;
        if (item !== undefined) out[k] = item;
      }
      return out;
    };
    const seen: Record<string, JsonValue>[] = [];
    x.forEach((v, i) => {
      const k = keyOf(v);
      if (seen.some((p) => jsonEqual(p, k))) errs.push(fieldError('FieldValueDuplicate', `${path}[${i}]`, k, ''));
      seen.push(k);
    });
  });
  return errs;
}

/** `x-kubernetes-embedded-resource` objects must carry apiVersion and kind. */
export function embeddedErrors(root: SNode, obj: JsonValue): FieldError[] {
  const errs: FieldError[] = [];
  walk(root, obj, '', (path, s, x) => {
    if (!s.embedded || !isObject(x) || path === '') return;
    for (const k of ['apiVersion', 'kind']) {
      if (!Object.hasOwn(x, k)) errs.push(fieldError('FieldValueRequired', `${path}.${k}`, undefined, 'must not be empty'));
      else if (typeof x[k] !== 'string') errs.push(fieldError('FieldValueInvalid', `${path}.${k}`, x[k], 'must be a string'));
    }
  });
  return errs;
}

const has = (o: JsonValue, k: string) => isObject(o) && Object.hasOwn(o, k);
const get = (o: JsonValue, k: string): JsonValue | undefined => (isObject(o) ? o[k] : undefined);

/** The rules of the upstream KEDA, VPA and Flagger CRDs, emulated (whitespace-normalized rule text → check). */
const EMULATED: Record<string, (self: JsonValue) => boolean> = {
  // keda.sh ScaledObject .spec
  '!has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount) ? self.maxReplicaCount : 100)': (self) =>
    !has(self, 'minReplicaCount') || Number(get(self, 'minReplicaCount')) <= (has(self, 'maxReplicaCount') ? Number(get(self, 'maxReplicaCount')) : 100),
  // autoscaling.k8s.io VerticalPodAutoscaler startupBoost.cpu
  "(self.type == 'Factor') == has(self.factor)": (self) => (get(self, 'type') === 'Factor') === has(self, 'factor'),
  "(self.type == 'Quantity') == has(self.quantity)": (self) => (get(self, 'type') === 'Quantity') === has(self, 'quantity'),
  // flagger.app Canary .spec.service.mirror[].backendRef (group and kind are defaulted before)
  "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true": (self) =>
    String(get(self, 'group') ?? '').length === 0 && get(self, 'kind') === 'Service' ? has(self, 'port') : true,
};

/** True when `rule` is one of the emulated upstream rules. */
export function isEmulatedRule(rule: string): boolean {
  return Object.hasOwn(EMULATED, rule.replace(/\s+/g, ' ').trim());
}

/**
 * Evaluates the `x-kubernetes-validations` on present values. Failures are `Invalid value: "<type>"`
 * errors worded with the rule's message, as upstream; rules that are not emulated come back in
 * `notEvaluated` (path and rule) so the caller can say so.
 */
export function celErrors(root: SNode, obj: JsonValue): { errors: FieldError[]; notEvaluated: string[] } {
  const errors: FieldError[] = [];
  const notEvaluated: string[] = [];
  walk(root, obj, '', (path, s, x) => {
    for (const r of s.rules ?? []) {
      const check = EMULATED[r.rule.replace(/\s+/g, ' ').trim()];
      const at = path || '<nil>';
      if (!check) {
        notEvaluated.push(`${at}: x-kubernetes-validations rule not evaluated (the simulator does not implement CEL): ${r.rule}`);
        continue;
      }
      if (!check(x)) {
        const field = r.fieldPath ? `${path}${r.fieldPath}` : at;
        errors.push(fieldError('FieldValueInvalid', field, s.type ?? (isObject(x) ? 'object' : typeof x), r.message ?? `failed rule: ${r.rule}`));
      }
    }
  });
  return { errors, notEvaluated };
}
