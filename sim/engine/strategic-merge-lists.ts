/**
 * The list half of strategic merge patch, following apimachinery `strategicpatch/patch.go`
 * (mergeSlice, normalizeElementOrder, mergeSortedSlice …): merge by key, `$patch` elements, scalar
 * sets, and the order rules (patch order, then live order) that kubectl users observe.
 */
import { goFormat, goType, isObject, type JsonObject, type JsonValue } from './json';
import { PatchError } from './strategic-merge-errors';

/** Kind of the list's elements, as `sliceElementType` decides it: all elements share one Go type. */
export function sliceElementKind(...lists: JsonValue[][]): 'map' | 'scalar' {
  let prev: string | undefined;
  for (const l of lists) {
    for (const v of l) {
      const t = goType(v);
      if (prev === undefined) {
        // Upstream dereferences a nil type here and panics; the apiserver turns that into a 500.
        if (t === '<nil>') throw new PatchError('runtime error: invalid memory address or nil pointer dereference', 500);
        if (t === '[]interface {}') throw new PatchError('lists of lists are not supported', 422);
        prev = t;
      } else if (prev !== t) {
        throw new PatchError(`list element types are not identical: ${goFormat(lists)}`, 500);
      }
    }
  }
  if (prev === undefined) throw new PatchError('no elements in any of the given slices', 500);
  return prev === 'map[string]interface {}' ? 'map' : 'scalar';
}

const badArg = (expected: string, actual: unknown) => new PatchError(`expected a ${expected}, but received a ${goType(actual)}`, 500);
const noMergeKey = (m: JsonObject, key: string) => new PatchError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`, 500);

/** Go's `==` on two decoded JSON scalars; maps and lists are not comparable (upstream panics). */
function goEq(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if ((isObject(a) || Array.isArray(a)) && (isObject(b) || Array.isArray(b))) {
    throw new PatchError(`runtime error: comparing uncomparable type ${goType(a)}`, 500);
  }
  return goType(a) === goType(b) && a === b;
}

/** `findMapInSliceBasedOnKeyValue`. */
export function findByKey(list: JsonValue[], key: string, value: JsonValue): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isObject(item)) throw new PatchError(`value for key ${i} is not a map.`, 500);
    if (Object.hasOwn(item, key) && goEq(item[key], value)) return i;
  }
  return -1;
}

/** Position of `v` in `order`: by merge-key value for maps, by value for scalars. */
function indexIn(order: JsonValue[], v: JsonValue, mergeKey: string, kind: 'map' | 'scalar'): number {
  const val = (x: JsonValue): JsonValue | undefined => (kind === 'map' ? (isObject(x) ? x[mergeKey] : null) : x);
  const want = val(v);
  return order.findIndex((x) => goEq(val(x), want));
}

function validateMergeKey(mergeKey: string, ...lists: JsonValue[][]): void {
  for (const l of lists) {
    for (const item of l) {
      if (!isObject(item)) throw badArg('map[string]interface {}', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** `normalizeSliceOrder`: Go's insertion-sort pass of `sort.SliceStable` with upstream's comparator. */
function normalizeSliceOrder(toSort: JsonValue[], order: JsonValue[], mergeKey: string, kind: 'map' | 'scalar'): JsonValue[] {
  let items = [...toSort];
  let toDelete: JsonValue[] = [];
  if (kind === 'map') {
    validateMergeKey(mergeKey, items, order);
    toDelete = items.filter((v) => isObject(v) && v.$patch === 'delete');
    items = items.filter((v) => !(isObject(v) && v.$patch === 'delete'));
  }
  // Upstream's comparator answers "less" whenever either side is missing from `order`; replaying
  // the insertion sort Go uses for short slices reproduces where such items end up.
  const less = (a: JsonValue, b: JsonValue) => {
    const ia = indexIn(order, a, mergeKey, kind);
    const ib = ia >= 0 ? indexIn(order, b, mergeKey, kind) : -1;
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j] as JsonValue, items[j - 1] as JsonValue); j--) {
      [items[j], items[j - 1]] = [items[j - 1] as JsonValue, items[j] as JsonValue];
    }
  }
  return [...items, ...toDelete];
}

/** `mergeSortedSlice`: interleave server-only items (left) into patch items (right) by live order. */
function mergeSortedSlice(left: JsonValue[], right: JsonValue[], serverOrder: JsonValue[], mergeKey: string, kind: 'map' | 'scalar'): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++] as JsonValue);
    else if (j >= right.length) out.push(left[i++] as JsonValue);
    else {
      const li = indexIn(serverOrder, left[i] as JsonValue, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j] as JsonValue, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++] as JsonValue);
      else out.push(right[j++] as JsonValue);
    }
  }
  return out;
}

/** `normalizeElementOrder`: patch items in patch order, server-only items in live order, interleaved. */
export function normalizeElementOrder(patchItems: JsonValue[], serverOnly: JsonValue[], patchOrder: JsonValue[], serverOrder: JsonValue[], mergeKey: string, kind: 'map' | 'scalar'): JsonValue[] {
  const p = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Splits `merged` into items present in `by` and the rest (`partition…ByPresentInList`). */
export function partition(merged: JsonValue[], by: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of merged) {
    let found: boolean;
    if (mergeKey) {
      if (!isObject(v)) throw badArg('map[string]interface {}', v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      found = findByKey(by, mergeKey, v[mergeKey] as JsonValue) >= 0;
    } else {
      found = by.some((x) => goEq(x, v));
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** `deduplicateScalars` (order is fixed later by normalizeElementOrder). */
export function dedupeScalars(list: JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const v of list) if (!out.some((x) => goEq(x, v))) out.push(v);
  return out;
}

/** `deleteFromSlice`: the `$deleteFromPrimitiveList/<list>` directive. */
export function deleteFromSlice(current: JsonValue[], toDelete: JsonValue[]): JsonValue[] {
  return current.filter((v) => !toDelete.some((d) => goEq(d, v)));
}

/**
 * A Go slice over a backing array. Upstream deletes and appends list items in place, and the
 * caller that processes `$setElementOrder` later reads the live list through the *old* slice header,
 * so it sees those writes; its ordering results depend on that, hence this small emulation.
 */
export interface GoSlice {
  backing: JsonValue[];
  len: number;
  cap: number;
}

/** A slice as decoding JSON or protobuf builds it: appended one by one, capacity doubling. */
export function decodedSlice(items: JsonValue[]): GoSlice {
  let cap = items.length === 0 ? 0 : 1;
  while (cap < items.length) cap *= 2;
  return { backing: [...items], len: items.length, cap };
}

export const view = (s: GoSlice): JsonValue[] => s.backing.slice(0, s.len);

/** `append(s, v)`: in place while capacity lasts, else into a fresh backing array. */
export function goAppend(s: GoSlice, v: JsonValue): GoSlice {
  if (s.len < s.cap) {
    s.backing[s.len] = v;
    return { backing: s.backing, len: s.len + 1, cap: s.cap };
  }
  const backing = [...view(s), v];
  return { backing, len: backing.length, cap: Math.max(1, s.cap * 2) };
}

/**
 * `mergeSliceWithSpecialElements`: applies `$patch: delete` elements to `original` (in place, as
 * `append(s[:i], s[i+1:]...)` does), and `$patch: replace` (the rest of the patch list becomes the
 * list). `$patch: merge` is refused, as upstream.
 */
export function applySpecialElements(original: GoSlice, patch: JsonValue[], mergeKey: string): { list: GoSlice; plain: JsonValue[]; replace: boolean } {
  const plain: JsonValue[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const m = v as JsonObject;
    if (!Object.hasOwn(m, '$patch')) {
      plain.push(v);
      continue;
    }
    const directive = m.$patch;
    if (directive === 'delete') {
      if (!Object.hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
      for (let i = findByKey(view(orig), mergeKey, m[mergeKey] as JsonValue); i >= 0; i = findByKey(view(orig), mergeKey, m[mergeKey] as JsonValue)) {
        orig.backing.copyWithin(i, i + 1, orig.len);
        orig = { backing: orig.backing, len: orig.len - 1, cap: orig.cap };
      }
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw new PatchError('merging lists cannot yet be specified in the patch', 500);
    else throw new PatchError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(m)}`, 500);
  }
  return replace ? { list: decodedSlice(plain), plain: [], replace } : { list: orig, plain, replace };
}

export { badArg, noMergeKey };
