/** Label and field selector filters for list, watch and deletecollection, with kube's 400 texts. */
import type { KubeObject } from '@/lib/k8s/object';
import { matchesLabels, parseLabelSelector } from '@/lib/k8s/label-selector';
import { errors } from '../api/errors';
import { matchesFields, parseFieldSelector } from '../engine/field-selector';
import type { ResourceInfo } from '../registry/types';

export type ObjectFilter = (obj: KubeObject) => boolean;

/** The selectable fields of an object: metadata.name, metadata.namespace and the kind's own. */
export function selectableFields(res: ResourceInfo, obj: KubeObject): Record<string, string> {
  const base: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '', 'metadata.namespace': obj.metadata.namespace ?? '' };
  return res.strategy.fields ? { ...base, ...res.strategy.fields(obj) } : base;
}

/** Parses both selectors; `undefined` when there is nothing to filter. Throws 400 on bad input. */
export function compileFilter(res: ResourceInfo, labelSelector?: string, fieldSelector?: string): ObjectFilter | undefined {
  const filters: ObjectFilter[] = [];
  if (labelSelector) {
    const r = parseLabelSelector(labelSelector);
    if (!r.ok) throw errors.badRequest(r.error);
    if (r.requirements.length) filters.push((o) => matchesLabels(r.requirements, o.metadata.labels));
  }
  if (fieldSelector) {
    const r = parseFieldSelector(fieldSelector);
    if (!r.ok) throw errors.badRequest(r.error);
    if (r.requirements.length) {
      // Reject unknown field labels up front, as kube's field label conversion does.
      const known = new Set(Object.keys(selectableFields(res, { apiVersion: '', kind: '', metadata: {} })));
      for (const req of r.requirements) if (!known.has(req.field)) throw errors.badRequest(`field label not supported: ${req.field}`);
      filters.push((o) => matchesFields(r.requirements, selectableFields(res, o)));
    }
  }
  if (filters.length === 0) return undefined;
  return (o) => filters.every((f) => f(o));
}
