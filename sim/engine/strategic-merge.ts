/**
 * Strategic merge patch, as kube-apiserver applies it (`StrategicMergeMapPatch` with
 * MergeParallelList and IgnoreUnmatchedNulls): maps merge recursively, `null` deletes, lists with a
 * merge key merge by key, scalar lists with `patchStrategy: merge` are unions, other lists are
 * replaced; directives `$patch` (replace/delete), `$setElementOrder/<list>`,
 * `$deleteFromPrimitiveList/<list>` and `$retainKeys` — everything `kubectl apply` (client-side,
 * three-way) and `kubectl patch --type strategic` send. Port of apimachinery
 * `pkg/util/strategicpatch/patch.go` (apply half), including its newer `removeDirectives` and
 * `discardNullValuesFromPatch` steps.
 */
import { clone, goFormat, goType, isObject, type JsonObject, type JsonValue } from './json';
import { metaChild, type MetaNode, type PatchMeta } from './patch-meta';
import { PatchError } from './strategic-merge-errors';
import { applySpecialElements, badArg, decodedSlice, dedupeScalars, deleteFromSlice, findByKey, goAppend, normalizeElementOrder, partition, sliceElementKind, view, type GoSlice } from './strategic-merge-lists';

export { PatchError };

const DELETE_LIST = '$deleteFromPrimitiveList';
const SET_ORDER = '$setElementOrder';
const RETAIN_KEYS = '$retainKeys';

/**
 * Applies `patch` to `original` and returns the result; neither input is modified.
 * @throws PatchError when the patch is malformed (see {@link PatchError.status}) or `meta` is not
 * strategic (custom resources: 415, as kube-apiserver answers).
 */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  if (!meta.strategic) {
    throw new PatchError('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml', 415);
  }
  if (!isObject(original) || !isObject(patch)) throw new PatchError('invalid JSON document', 400);
  const merged = mergeMap(clone(original), clone(patch), meta.root);
  return stripDirectives(merged) as JsonObject;
}

function mergeMap(original: JsonObject, patch: JsonObject, node: MetaNode | undefined): JsonObject {
  if (Object.hasOwn(patch, '$patch')) {
    const directive = patch.$patch;
    if (directive === 'replace') {
      delete patch.$patch;
      return patch;
    }
    if (directive === 'delete') return {};
    throw new PatchError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`, 500);
  }
  applyRetainKeys(original, patch);
  mergeSetElementOrder(original, patch, node);

  for (const rawKey of Object.keys(patch)) {
    if (!Object.hasOwn(patch, rawKey)) continue; // consumed by $setElementOrder processing
    const patchV = patch[rawKey] as JsonValue;
    let k = rawKey;
    const isDeleteList = rawKey.startsWith(DELETE_LIST);
    if (isDeleteList) k = extractKey(rawKey, DELETE_LIST);

    if (patchV === null) {
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k) || goType(original[k]) !== goType(patchV)) {
      if (!isDeleteList) {
        discardNulls(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) original[k] = v;
        else delete original[k];
      }
      continue;
    }
    const child = metaChild(node, k);
    const orig = original[k] as JsonValue;
    if (isObject(orig)) {
      original[k] = child?.replace ? (patchV as JsonObject) : mergeMap(orig, patchV as JsonObject, child);
    } else if (Array.isArray(orig)) {
      original[k] = mergeSliceHandler(orig, patchV as JsonValue[], child, isDeleteList)[0];
    } else {
      original[k] = patchV;
    }
  }
  return original;
}

/**
 * Merges `patch` into `original` by the field's strategy. The second result is what upstream's
 * caller still sees through its old slice header of `original` (see {@link GoSlice}).
 */
function mergeSliceHandler(original: JsonValue, patch: JsonValue, node: MetaNode | undefined, isDeleteList: boolean): [JsonValue[], JsonValue[]] {
  if (!Array.isArray(original)) throw badArg('[]interface {}', original);
  if (!Array.isArray(patch)) throw badArg('[]interface {}', patch);
  // Delete lists apply whatever the field's strategy is.
  if (node?.list?.smp === 'merge' || isDeleteList) return mergeSlice(original, patch, node?.items, node?.list?.mergeKey ?? '', isDeleteList);
  return [patch, original];
}

function mergeSlice(original: JsonValue[], patch: JsonValue[], items: MetaNode | undefined, mergeKey: string, isDeleteList: boolean): [JsonValue[], JsonValue[]] {
  if (original.length === 0 && patch.length === 0) return [original, original];
  const kind = sliceElementKind(original, patch);
  if (kind !== 'map') {
    if (isDeleteList) return [deleteFromSlice(original, patch), original];
    const merged = dedupeScalars([...original, ...patch]);
    const [inPatch, serverOnly] = partition(merged, patch, '');
    return [normalizeElementOrder(inPatch, serverOnly, patch, original, '', kind), original];
  }
  if (!mergeKey) throw new PatchError('cannot merge lists without merge key for type struct', 500);
  const shared = decodedSlice(original);
  const { list, plain } = applySpecialElements(shared, patch, mergeKey);
  const orig = view(list);
  let cur: GoSlice = list;
  for (const v of plain) {
    const m = v as JsonObject;
    if (!Object.hasOwn(m, mergeKey)) throw new PatchError(`map: ${goFormat(m)} does not contain declared merge key: ${mergeKey}`, 500);
    const at = findByKey(view(cur), mergeKey, m[mergeKey] as JsonValue);
    if (at >= 0) cur.backing[at] = mergeMap(cur.backing[at] as JsonObject, m, items);
    else cur = goAppend(cur, v);
  }
  const merged = view(cur);
  const [inPatch, serverOnly] = partition(merged, plain, mergeKey);
  return [normalizeElementOrder(inPatch, serverOnly, plain, orig, mergeKey, kind), shared.backing.slice(0, original.length)];
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw new PatchError(prefix === DELETE_LIST ? 'invalid patch format of primitive list' : 'invalid patch format of setElementOrder list', 400);
  }
  return s.slice(slash + 1);
}

/** `applyRetainKeysDirective`: clear the fields of `original` that `$retainKeys` does not list. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw new PatchError('invalid patch format of retainKeys', 400);
  const keep = new Set(list.filter((v): v is string => typeof v === 'string'));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_LIST) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw new PatchError('invalid patch format of retainKeys', 400);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** `mergePatchIntoOriginal`: lists that come with `$setElementOrder/<list>` are merged and ordered here. */
function mergeSetElementOrder(original: JsonObject, patch: JsonObject, node: MetaNode | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArg('[]interface {}', order);
    const listKey = extractKey(key, SET_ORDER);
    const foundOrig = Object.hasOwn(original, listKey);
    const foundPatch = Object.hasOwn(patch, listKey);
    const origList = foundOrig ? original[listKey] : [];
    const patchList = foundPatch ? patch[listKey] : [];
    if (!Array.isArray(origList)) throw badArg('[]interface {}', origList);
    if (!Array.isArray(patchList)) throw badArg('[]interface {}', patchList);
    const child = metaChild(node, listKey);
    const mergeKey = child?.list?.mergeKey ?? '';
    validateWithSetOrder(patchList, order, mergeKey);
    let merged: JsonValue[];
    let liveOrder = origList;
    if (foundOrig && !foundPatch) merged = origList;
    else if (!foundOrig && foundPatch) merged = removeDirectives(patchList)[0] as JsonValue[];
    else if (foundOrig && foundPatch) [merged, liveOrder] = mergeSliceHandler(origList, patchList, child, false);
    else continue;
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    const kind = sliceElementKind(origList, patchList);
    original[listKey] = normalizeElementOrder(inOrder, serverOnly, order, liveOrder, mergeKey, kind);
    delete patch[listKey];
  }
}

/** `validatePatchWithSetOrderList`: the patch list must follow the order list (deletions aside). */
function validateWithSetOrder(patchList: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    for (const v of patchList) if (!isObject(v)) throw badArg('map[string]interface {}', v);
    items = patchList.filter((v) => !(isObject(v) && v.$patch === 'delete'));
  }
  let pi = 0;
  let oi = 0;
  while (pi < items.length && oi < order.length) {
    const item = items[pi] as JsonValue;
    if (isObject(item) && Object.hasOwn(item, '$patch')) {
      pi++;
      continue;
    }
    if (keyValueEqual(item, order[oi] as JsonValue, mergeKey)) pi++;
    oi++;
  }
  if (pi < items.length && oi >= order.length) {
    throw new PatchError(`the order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ORDER} list:\n${goFormat(order)}`, 500);
  }
}

function keyValueEqual(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (!mergeKey) return findByKeyless(a, b);
  if (!isObject(a)) throw badArg('map[string]interface {}', a);
  if (!isObject(b)) throw badArg('map[string]interface {}', b);
  for (const m of [a, b]) if (!Object.hasOwn(m, mergeKey)) throw new PatchError(`map: ${goFormat(m)} does not contain declared merge key: ${mergeKey}`, 500);
  return findByKey([b], mergeKey, a[mergeKey] as JsonValue) === 0;
}

function findByKeyless(a: JsonValue, b: JsonValue): boolean {
  return goType(a) === goType(b) && a === b;
}

/** `removeDirectives`: drop maps carrying `$patch` from a value that is added as a whole. */
function removeDirectives(v: JsonValue): [JsonValue, boolean] {
  if (isObject(v)) {
    if (Object.hasOwn(v, '$patch')) return [null, false];
    for (const k of Object.keys(v)) {
      const [nv, keep] = removeDirectives(v[k] as JsonValue);
      if (keep) v[k] = nv;
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const x of v) {
      const [nx, keep] = removeDirectives(x);
      if (keep) out.push(nx);
    }
    return [out, true];
  }
  return [v, true];
}

/** `discardNullValuesFromPatch`: a `null` inside a value added as a whole means nothing. */
function discardNulls(v: JsonValue): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k] as JsonValue);
    }
  } else if (Array.isArray(v)) v.forEach(discardNulls);
}

const DIRECTIVE_KEY = /^\$(patch|retainKeys)$|^\$(setElementOrder|deleteFromPrimitiveList)\//;

/**
 * Directive keys left in the result (inside lists replaced or items appended whole) are unknown
 * fields of the typed object upstream decodes the result into, hence dropped; do the same here.
 */
function stripDirectives(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (!DIRECTIVE_KEY.test(k)) out[k] = stripDirectives(x);
  return out;
}
