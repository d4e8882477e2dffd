/**
 * Server-side apply and managedFields bookkeeping, after the apiserver's field manager chain
 * (`fieldmanager`: last-applied updater/manager, skip-non-applied, cap, managed-fields updater,
 * strip-meta) over structured-merge-diff's `Updater`. See managed-fields.ts for field sets.
 */
import { clone, isObject, type JsonObject, type JsonValue } from './json';
import { compare, namedAt, toFieldSet, type Comparison } from './fieldset-build';
import { difference, emptySet, has, hasAtOrBelow, insert, intersection, isEmpty, members, pathString, union, without, type FieldSet } from './managed-fields';
import { capUpdateManagers, decodeManagers, encodeManagers, managerKey, type Manager } from './managers';
import type { PatchMeta } from './patch-meta';
import { mergeApplied, removeItems } from './ssa-merge';

export interface ApplyRequest {
  live?: JsonObject;
  applied: JsonObject;
  manager: string;
  force: boolean;
  meta: PatchMeta;
  apiVersion: string;
  time: string;
  subresource?: string;
}
/** One conflict: the other manager, the path (`.spec.replicas`), and the Status cause message. */
export interface ApplyConflict {
  manager: string;
  field: string;
  message: string;
}
/** `status` on failure: 409 for conflicts, 400 for a malformed request. */
export type ApplyOutcome = { ok: true; object: JsonObject } | { ok: false; conflicts: ApplyConflict[]; message: string; status: 400 | 409 };

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** `stripMetaManager`: fields nobody owns (type meta and server-set metadata). */
const STRIP = (() => {
  const s = emptySet();
  for (const p of [['f:apiVersion'], ['f:kind'], ['f:metadata'], ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['f:metadata', `f:${f}`])]) insert(s, p);
  return s;
})();
const stripMeta = (s: FieldSet) => difference(s, STRIP);

/** Reset fields (`GetResetFields`): status belongs to the status subresource, the rest to the main resource. */
function resetFilter(s: FieldSet, meta: PatchMeta, subresource?: string): FieldSet {
  if (subresource === 'status') {
    const out = emptySet();
    const st = s.children.get('f:status');
    if (st) out.children.set('f:status', st);
    return out;
  }
  return !subresource && meta.statusSubresource ? without(s, 'f:status') : s;
}
function filterComparison(c: Comparison, meta: PatchMeta, subresource?: string): Comparison {
  return { added: resetFilter(c.added, meta, subresource), modified: resetFilter(c.modified, meta, subresource), removed: resetFilter(c.removed, meta, subresource) };
}

function withoutManagedFields(obj: JsonObject): JsonObject {
  const o = clone(obj);
  if (isObject(o.metadata)) delete o.metadata.managedFields;
  return o;
}

const isReset = (mf: unknown) => Array.isArray(mf) && mf.length === 1 && isObject(mf[0]) && Object.keys(mf[0]).length === 0;

/**
 * The managedFields `after` should carry after a create/update/patch (not apply) by `manager`.
 * Managed fields the request itself carries win over the live ones (how csaupgrade rewrites them);
 * `[{}]` clears them; an existing object without managedFields keeps none, as upstream.
 */
export function recordUpdate(before: JsonObject | undefined, after: JsonObject, manager: string, meta: PatchMeta, apiVersion: string, time: string, subresource?: string): JsonObject[] {
  const provided = isObject(after.metadata) ? after.metadata.managedFields : undefined;
  if (isReset(provided)) return [];
  let managers = decodeManagers(Array.isArray(provided) && provided.length ? provided : isObject(before?.metadata) ? before.metadata.managedFields : undefined);
  const isCreate = !before || !(isObject(before.metadata) && before.metadata.uid);
  if (managers.size === 0 && !isCreate) return [];
  const live = before ? withoutManagedFields(before) : clone(meta.zero ?? {});
  const cmp = filterComparison(compare(live, withoutManagedFields(after), meta.root), meta, subresource);
  const changed = union(cmp.modified, cmp.added);
  for (const m of managers.values()) m.set = difference(difference(m.set, changed), cmp.removed);
  const current = stripMeta(changed);
  if (!isEmpty(current)) {
    const key = managerKey({ manager, operation: 'Update', apiVersion, subresource });
    const prev = managers.get(key);
    managers.set(key, { manager, operation: 'Update', apiVersion, time, subresource, set: prev ? union(prev.set, current) : current });
  }
  managers = capUpdateManagers(managers);
  return encodeManagers(managers);
}

function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
}

/** `allowedConflictsFromLastApplied`: what client-side apply last applied and still holds. */
function allowedFromLastApplied(live: JsonObject, meta: PatchMeta, apiVersion: string): FieldSet {
  const annotations = isObject(live.metadata) && isObject(live.metadata.annotations) ? live.metadata.annotations : {};
  const raw = annotations[LAST_APPLIED];
  if (typeof raw !== 'string' || raw === '') return emptySet();
  let last: JsonValue;
  try {
    last = JSON.parse(raw) as JsonValue;
  } catch {
    return emptySet();
  }
  if (!isObject(last) || last.apiVersion !== apiVersion) return emptySet();
  const c = compare(last, live, meta.root);
  return difference(difference(difference(toFieldSet(last, meta.root), c.modified), c.added), c.removed);
}

/** Go's json.Marshal of a map: keys sorted at every level. */
function sortedJSON(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(sortedJSON).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJSON(v[k] as JsonValue)}`).join(',')}}`;
  return JSON.stringify(v);
}

/** `buildLastApplied`: the applied configuration without its own last-applied annotation. */
function buildLastApplied(applied: JsonObject): string | undefined {
  const copy = clone(applied);
  if (isObject(copy.metadata) && isObject(copy.metadata.annotations)) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  const text = `${sortedJSON(copy)}\n`;
  return text.length > 256 * 1024 ? undefined : text;
}

/** Removals of prune: what the applier owned last time, gave up now, and nobody else owns. */
function pruneSet(last: FieldSet, applied: FieldSet, others: FieldSet, meta: PatchMeta): FieldSet {
  const owned = union(applied, others);
  const out = emptySet();
  for (const p of members(difference(last, applied))) {
    if (has(owned, p) || (namedAt(meta.root, p) && hasAtOrBelow(owned, p))) continue;
    // Struct fields above a given-up field go too when nothing below them is owned any more.
    let target = p;
    for (let i = p.length - 1; i > 0; i--) {
      const a = p.slice(0, i);
      if (!namedAt(meta.root, a) || hasAtOrBelow(owned, a) || !hasAtOrBelow(last, a)) break;
      target = a;
    }
    insert(out, target);
  }
  return out;
}

/**
 * Applies `applied` for `manager`: merges it into `live` (or the kind's zero value on create), drops
 * fields the manager applied before but not now (unless another manager owns them), and fails on
 * conflicts with other managers' fields whose values would change — unless `force`, which takes
 * them over. `manager: "kubectl"` on an object with a client-side last-applied annotation may take
 * over what that annotation lists, and keeps the annotation in sync, as kube-apiserver does.
 */
export function serverSideApply(req: ApplyRequest): ApplyOutcome {
  const { meta, manager, apiVersion, time, subresource } = req;
  if (!isObject(req.applied)) return { ok: false, conflicts: [], message: 'invalid apply configuration: not an object', status: 400 };
  const mf = isObject(req.applied.metadata) ? req.applied.metadata.managedFields : undefined;
  if (Array.isArray(mf) && mf.length) return { ok: false, conflicts: [], message: 'metadata.managedFields must be nil', status: 400 };
  const live = req.live ? withoutManagedFields(req.live) : clone(meta.zero ?? {});
  const managers = decodeManagers(req.live && isObject(req.live.metadata) ? req.live.metadata.managedFields : undefined);
  if (req.live && managers.size === 0) {
    const c = compare(clone(meta.zero ?? {}), live, meta.root);
    const set = stripMeta(resetFilter(union(c.added, c.modified), meta, subresource));
    if (!isEmpty(set)) managers.set(managerKey({ manager: 'before-first-apply', operation: 'Update', apiVersion }), { manager: 'before-first-apply', operation: 'Update', apiVersion, time, set });
  }
  const applied = withoutManagedFields(req.applied);
  const appliedSet = resetFilter(toFieldSet(applied, meta.root), meta, subresource);
  const key = managerKey({ manager, operation: 'Apply', apiVersion, subresource });
  const last = managers.get(key)?.set;
  const others = [...managers.entries()].filter(([k]) => k !== key);
  let merged = (mergeApplied(live, applied, meta.root) ?? {}) as JsonObject;
  if (last) merged = removeItems(merged, pruneSet(last, appliedSet, others.reduce((s, [, m]) => union(s, m.set), emptySet()), meta), meta.root) as JsonObject;
  const cmp = filterComparison(compare(live, merged, meta.root), meta, subresource);
  const changed = union(cmp.modified, cmp.added);
  let conflicts = others.map(([, m]) => [m, intersection(m.set, changed)] as const).filter(([, s]) => !isEmpty(s));
  let force = req.force;
  if (conflicts.length && !force && manager === 'kubectl') {
    const allowed = allowedFromLastApplied(live, meta, apiVersion);
    conflicts = conflicts.map(([m, s]) => [m, difference(s, allowed)] as const).filter(([, s]) => !isEmpty(s));
    force = conflicts.length === 0;
  }
  if (conflicts.length && !force) return conflictOutcome(conflicts);
  for (const [, m] of others) m.set = difference(difference(m.set, changed), cmp.removed);
  managers.set(key, { manager, operation: 'Apply', apiVersion, time, subresource, set: stripMeta(appliedSet) });
  const md = isObject(merged.metadata) ? merged.metadata : (merged.metadata = {});
  const liveAnnotations = isObject(req.live?.metadata) && isObject(req.live.metadata.annotations) ? req.live.metadata.annotations : {};
  if (manager === 'kubectl' && typeof liveAnnotations[LAST_APPLIED] === 'string') {
    const text = buildLastApplied(req.applied);
    const annotations = isObject(md.annotations) ? md.annotations : (md.annotations = {});
    if (text === undefined) delete annotations[LAST_APPLIED];
    else annotations[LAST_APPLIED] = text;
  }
  md.managedFields = encodeManagers(capUpdateManagers(managers));
  return { ok: true, object: merged };
}

/** The 409 body: `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`. */
function conflictOutcome(conflicts: (readonly [Manager, FieldSet])[]): ApplyOutcome {
  const list = conflicts.flatMap(([m, s]) => members(s).map((p) => ({ m, manager: m.manager, field: pathString(p), message: `conflict with ${printManager(m)}` })));
  let message: string;
  if (list.length === 1) message = `Apply failed with 1 conflict: ${list[0]?.message}: ${list[0]?.field}`;
  else {
    const byManager = [...new Set(list.map((c) => printManager(c.m)))].sort();
    const lines = byManager.flatMap((pm) => [`conflicts with ${pm}:`, ...list.filter((c) => printManager(c.m) === pm).map((c) => `- ${c.field}`)]);
    message = `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
  }
  return { ok: false, conflicts: list.map(({ manager, field, message: msg }) => ({ manager, field, message: msg })), message, status: 409 };
}

