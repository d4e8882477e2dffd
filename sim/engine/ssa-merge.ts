/**
 * The object half of server-side apply (structured-merge-diff `typed.Merge` and `RemoveItems`):
 * merge an applied configuration into the live object, and remove the fields an applier gave up.
 */
import { clone, isObject, type JsonObject, type JsonValue } from './json';
import { childOf, itemPE } from './fieldset-build';
import type { FieldSet } from './managed-fields';
import type { MetaNode } from './patch-meta';

const isEmptyish = (v: JsonValue | undefined) => v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0);

/**
 * Merges `rhs` (the applied configuration) into `lhs` (live): maps and structs field by field,
 * keyed lists item by item (order as upstream's merging walker produces it), everything atomic
 * replaced. A `null` the configuration sets removes the field (the typed object drops it).
 */
export function mergeApplied(lhs: JsonValue | undefined, rhs: JsonValue | undefined, node: MetaNode | undefined, deduced = false): JsonValue | undefined {
  if (rhs === undefined) return lhs === undefined ? undefined : clone(lhs);
  if (lhs === undefined || lhs === null || rhs === null) return clone(rhs);
  if (isObject(lhs) && isObject(rhs) && !node?.atomic) {
    // Both empty: a leaf, so `{}` vs missing stays as the configuration says.
    if (isEmptyish(lhs) && isEmptyish(rhs)) return clone(rhs);
    const out: JsonObject = {};
    for (const k of new Set([...Object.keys(lhs), ...Object.keys(rhs)])) {
      const c = childOf(node, k, deduced);
      const v = mergeApplied(Object.hasOwn(lhs, k) ? lhs[k] : undefined, Object.hasOwn(rhs, k) ? rhs[k] : undefined, c.node, c.deduced);
      if (v !== undefined && !(v === null && Object.hasOwn(rhs, k))) out[k] = v;
    }
    return out;
  }
  const list = !deduced && node?.list && node.list.ssa !== 'atomic' ? node.list : undefined;
  if (Array.isArray(lhs) && Array.isArray(rhs) && list) return mergeList(lhs, rhs, (x, i) => itemPE(list, x, i) as string, node?.items);
  return clone(rhs);
}

/** Port of the merging walker's `visitListItems` ordering: shared items in configuration order. */
function mergeList(lhs: JsonValue[], rhs: JsonValue[], pe: (x: JsonValue, i: number) => string, items: MetaNode | undefined): JsonValue[] {
  const lPEs = lhs.map(pe);
  const rPEs = rhs.map(pe);
  const lBy = new Map(lPEs.map((p, i) => [p, lhs[i] as JsonValue]));
  const rBy = new Map(rPEs.map((p, i) => [p, rhs[i] as JsonValue]));
  const shared = rPEs.filter((p) => lBy.has(p));
  let next: string | undefined = shared.shift();
  const merged = new Set<string>();
  const out: JsonValue[] = [];
  const push = (l: JsonValue | undefined, r: JsonValue | undefined) => {
    const v = mergeApplied(l, r, items);
    if (v !== undefined) out.push(v);
  };
  let [li, ri] = [0, 0];
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const p = lPEs[li] as string;
      if (p === rPEs[ri]) {
        merged.add(p);
        push(lBy.get(p), rBy.get(p));
        li++;
        ri++;
        next = shared.shift();
        continue;
      }
      if (rBy.has(p) && next !== undefined && next !== p) {
        li++;
        continue;
      }
    }
    if (li < lPEs.length) {
      const p = lPEs[li] as string;
      if (!rBy.has(p)) {
        push(lhs[li], undefined);
        li++;
        continue;
      }
      if (merged.has(p)) {
        li++;
        continue;
      }
    }
    if (ri < rPEs.length) {
      const p = rPEs[ri] as string;
      merged.add(p);
      push(lBy.get(p), rBy.get(p));
      ri++;
      if (next === p) next = shared.shift();
    }
  }
  return out;
}

/** `RemoveItems`: drop every member path of `set` from `v` (fields, list items) and return the result. */
export function removeItems(v: JsonValue, set: FieldSet, node: MetaNode | undefined, deduced = false): JsonValue {
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const child = set.children.get(`f:${k}`);
      if (child?.self) continue;
      const c = childOf(node, k, deduced);
      out[k] = child ? removeItems(x, child, c.node, c.deduced) : x;
    }
    return out;
  }
  if (Array.isArray(v)) {
    const list = !deduced && node?.list && node.list.ssa !== 'atomic' ? node.list : undefined;
    if (!list) return v;
    const out: JsonValue[] = [];
    v.forEach((x, i) => {
      const child = set.children.get(itemPE(list, x, i) as string);
      if (child?.self) return;
      out.push(child ? removeItems(x, child, node?.items) : x);
    });
    return out;
  }
  return v;
}
