/** ObjectMeta validation shared by every kind (apimachinery `ValidateObjectMeta`). */
import type { KubeObject } from '@/lib/k8s/object';
import { labelValueErrors, qualifiedNameErrors } from '@/lib/k8s/label-selector';
import type { FieldError } from '../registry/types';
import { fieldErr } from './field-errors';

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUB = `${DNS_LABEL}(\\.${DNS_LABEL})*`;
const DNS_LABEL_RE = new RegExp(`^${DNS_LABEL}$`);
const DNS_SUB_RE = new RegExp(`^${DNS_SUB}$`);

/** How a kind's names are checked. */
export type NameRule = 'subdomain' | 'label' | 'path-segment';

/** The error texts of `IsDNS1123Subdomain`, `IsDNS1123Label` and `IsValidPathSegmentName`. */
export function nameErrors(name: string, rule: NameRule): string[] {
  if (rule === 'path-segment') {
    if (name === '.' || name === '..') return [`may not be '${name}'`];
    const bad = ['/', '%'].filter((c) => name.includes(c));
    return bad.map((c) => `may not contain '${c}'`);
  }
  if (rule === 'label') {
    const errs: string[] = [];
    if (name.length > 63) errs.push('must be no more than 63 characters');
    if (!DNS_LABEL_RE.test(name)) errs.push(`a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS_LABEL}')`);
    return errs;
  }
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS_SUB_RE.test(name)) errs.push(`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS_SUB}')`);
  return errs;
}

/** Label map validation with the field paths kube uses (`metadata.labels`). */
export function labelErrors(labels: unknown, field: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [fieldErr.invalid(field, labels, 'must be a map of strings')];
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const e of qualifiedNameErrors(k)) out.push(fieldErr.invalid(field, k, e));
    if (typeof v !== 'string') out.push(fieldErr.invalid(field, v, 'must be a string'));
    else for (const e of labelValueErrors(v)) out.push(fieldErr.invalid(field, v, e));
  }
  return out;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function annotationErrors(annotations: unknown, field: string): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (typeof annotations !== 'object' || Array.isArray(annotations)) return [fieldErr.invalid(field, annotations, 'must be a map of strings')];
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const e of qualifiedNameErrors(k.toLowerCase())) out.push(fieldErr.invalid(field, k, e));
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE) out.push(fieldErr.tooLong(field, TOTAL_ANNOTATION_SIZE));
  return out;
}

/** Name, namespace, labels, annotations, finalizers and owner references of a create or update. */
export function validateMeta(obj: KubeObject, rule: NameRule, namespaced: boolean): FieldError[] {
  const m = obj.metadata;
  const out: FieldError[] = [];
  if (!m.name) out.push(fieldErr.required('metadata.name', 'name or generateName is required'));
  else for (const e of nameErrors(m.name, rule)) out.push(fieldErr.invalid('metadata.name', m.name, e));
  if (namespaced && !m.namespace) out.push(fieldErr.required('metadata.namespace'));
  if (!namespaced && m.namespace) out.push(fieldErr.forbidden('metadata.namespace', 'not allowed on this type'));
  out.push(...labelErrors(m.labels, 'metadata.labels'), ...annotationErrors(m.annotations, 'metadata.annotations'));
  (m.ownerReferences ?? []).forEach((r, i) => {
    const f = `metadata.ownerReferences[${i}]`;
    if (!r.apiVersion) out.push(fieldErr.invalid(`${f}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) out.push(fieldErr.invalid(`${f}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) out.push(fieldErr.invalid(`${f}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) out.push(fieldErr.invalid(`${f}.uid`, r.uid ?? '', 'uid must not be empty'));
  });
  if ((m.ownerReferences ?? []).filter((r) => r.controller).length > 1) {
    out.push(fieldErr.invalid('metadata.ownerReferences', m.ownerReferences, 'Only one reference can have Controller set to true'));
  }
  (m.finalizers ?? []).forEach((f) => {
    for (const e of qualifiedNameErrors(f)) out.push(fieldErr.invalid('metadata.finalizers', f, e));
  });
  return out;
}
