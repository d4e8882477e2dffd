/** Reading kube's query parameters (write options, list options, delete options) with kube's errors. */
import { errors } from '../api/errors';
import type { DeleteOptions, FieldValidation, ListOptions } from '../apiserver/context';
import { isJsonObject } from '../store/json';

export function dryRunOf(q: URLSearchParams): boolean {
  const all = q.getAll('dryRun');
  for (const v of all) {
    if (v !== 'All') throw errors.invalid('meta.k8s.io', 'CreateOptions', '', [{ type: 'FieldValueNotSupported', field: 'dryRun', detail: 'supported values: "All"', message: `dryRun: Unsupported value: []string{${JSON.stringify(v)}}: supported values: "All"` }]);
  }
  return all.length > 0;
}

export function fieldValidationOf(q: URLSearchParams): FieldValidation | undefined {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return undefined;
  const norm = v.toLowerCase();
  if (norm === 'ignore') return 'Ignore';
  if (norm === 'warn') return 'Warn';
  if (norm === 'strict') return 'Strict';
  throw errors.badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${v}"`);
}

/** kube's field manager fallback: the User-Agent up to its first `/`. */
export function fieldManagerOf(q: URLSearchParams, userAgent: string | undefined): string {
  const explicit = q.get('fieldManager');
  if (explicit) {
    if (explicit.length > 128) throw errors.invalid('meta.k8s.io', 'PatchOptions', '', [{ type: 'FieldValueTooLong', field: 'fieldManager', detail: 'may not be more than 128 bytes', message: 'fieldManager: Too long: may not be more than 128 bytes' }]);
    return explicit;
  }
  const ua = (userAgent ?? '').split('/')[0]!.trim();
  return (ua || 'unknown').slice(0, 128);
}

export function listOptionsOf(q: URLSearchParams): ListOptions {
  const o: ListOptions = {};
  for (const k of ['labelSelector', 'fieldSelector', 'continue', 'resourceVersion', 'resourceVersionMatch'] as const) {
    const v = q.get(k);
    if (v !== null && v !== '') o[k] = v;
  }
  const limit = q.get('limit');
  if (limit) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`limit: Invalid value: "${limit}": must be a non-negative integer`);
    o.limit = n;
  }
  return o;
}

/** DeleteOptions from the body (if any) and the query, query winning like kube's decoding order. */
export function deleteOptionsOf(q: URLSearchParams, body: string): DeleteOptions {
  let o: DeleteOptions = {};
  if (body.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw errors.badRequest('the body of the request was in an unknown format');
    }
    if (isJsonObject(parsed)) o = parsed as unknown as DeleteOptions;
  }
  const pp = q.get('propagationPolicy');
  if (pp) o.propagationPolicy = pp as DeleteOptions['propagationPolicy'];
  const od = q.get('orphanDependents');
  if (od) o.orphanDependents = od === 'true';
  const gp = q.get('gracePeriodSeconds');
  if (gp) o.gracePeriodSeconds = Number(gp);
  return o;
}
