/**
 * Field sets of objects, as structured-merge-diff's typed walkers compute them (`ToFieldSet`,
 * `Compare`): which paths an applied configuration sets, and which paths a write added, changed or
 * removed. The PatchMeta says how lists are keyed and which maps are atomic; nodes it does not
 * describe are struct fields for built-in kinds and schemaless ("deduced") under
 * `x-kubernetes-preserve-unknown-fields`.
 */
import { isObject, jsonEqual, type JsonValue } from './json';
import { emptySet, insert, type FieldSet } from './managed-fields';
import type { ListMeta, MetaNode } from './patch-meta';

/** Where a child stands: its description, whether it is a named struct field, whether schemaless. */
export interface ChildInfo {
  node?: MetaNode;
  named: boolean;
  deduced: boolean;
}

/** Resolves child `key` of a map node (`deduced`: the parent is schemaless). */
export function childOf(node: MetaNode | undefined, key: string, deduced: boolean): ChildInfo {
  if (deduced) return { named: false, deduced: true };
  if (node?.fields && Object.hasOwn(node.fields, key)) return { node: node.fields[key], named: true, deduced: false };
  if (node?.values) return { node: node.values, named: false, deduced: false };
  if (node?.preserveUnknown) return { named: false, deduced: true };
  // Built-in structs we do not describe field by field: a struct field all the same.
  return { named: true, deduced: false };
}

const sortedKeys = (o: Record<string, JsonValue>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k] as JsonValue]));

/**
 * The path element of list item `item` at `index`: `k:{…}` for list-maps (missing keys take their
 * default; if still missing, the index), `v:…` for sets, undefined for atomic lists.
 */
export function itemPE(list: ListMeta | undefined, item: JsonValue, index: number): string | undefined {
  if (!list || list.ssa === 'atomic') return undefined;
  if (list.ssa === 'set') return `v:${JSON.stringify(item)}`;
  if (!isObject(item)) return `i:${index}`;
  const key: Record<string, JsonValue> = {};
  for (const k of list.keys ?? []) {
    if (Object.hasOwn(item, k)) key[k] = item[k] as JsonValue;
    else if (list.keyDefaults && Object.hasOwn(list.keyDefaults, k)) key[k] = list.keyDefaults[k] as JsonValue;
    else return `i:${index}`;
  }
  return `k:${JSON.stringify(sortedKeys(key))}`;
}

/** Lists whose items are keyed (set or map) for SSA; others are one value. */
const granularList = (node: MetaNode | undefined, deduced: boolean): ListMeta | undefined => (deduced || !node?.list || node.list.ssa === 'atomic' ? undefined : node.list);

/** `TypedValue.ToFieldSet`: leaves, list items, map entries, empty maps and nulls of `v`. */
export function toFieldSet(v: JsonValue, node: MetaNode | undefined, deduced = false): FieldSet {
  const set = emptySet();
  const walk = (x: JsonValue, n: MetaNode | undefined, ded: boolean, path: string[]) => {
    if (isObject(x)) {
      if (n?.atomic && path.length) return insert(set, path);
      for (const [k, cv] of Object.entries(x)) {
        const c = childOf(n, k, ded);
        const cp = [...path, `f:${k}`];
        walk(cv, c.node, c.deduced, cp);
        if (cv === null || (isObject(cv) && Object.keys(cv).length === 0) || !c.named) insert(set, cp);
      }
    } else if (Array.isArray(x)) {
      const list = granularList(n, ded);
      if (!list) return path.length ? insert(set, path) : undefined;
      x.forEach((item, i) => {
        const pe = itemPE(list, item, i) as string;
        walk(item, n?.items, false, [...path, pe]);
        insert(set, [...path, pe]);
      });
    } else if (path.length) insert(set, path);
  };
  walk(v, node, deduced, []);
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * `TypedValue.Compare`: paths added, modified and removed going from `lhs` to `rhs`. A map or list
 * that appears where the key was absent is itself added (a `null` counts as present).
 */
export function compare(lhs: JsonValue | undefined, rhs: JsonValue | undefined, node: MetaNode | undefined, deduced = false): Comparison {
  const c: Comparison = { added: emptySet(), modified: emptySet(), removed: emptySet() };
  const leaf = (l: JsonValue | undefined, r: JsonValue | undefined, path: string[]) => {
    if (!path.length) return;
    if (l === undefined && r !== undefined) insert(c.added, path);
    else if (r === undefined && l !== undefined) insert(c.removed, path);
    else if (l !== undefined && r !== undefined && !jsonEqual(l, r)) insert(c.modified, path);
  };
  const walk = (l: JsonValue | undefined, r: JsonValue | undefined, n: MetaNode | undefined, ded: boolean, path: string[]) => {
    if (l === undefined && r === undefined) return;
    const lo = l === null ? undefined : l;
    const ro = r === null ? undefined : r;
    const bothMaps = (lo === undefined || isObject(lo)) && (ro === undefined || isObject(ro)) && (isObject(lo) || isObject(ro));
    const bothLists = (lo === undefined || Array.isArray(lo)) && (ro === undefined || Array.isArray(ro)) && (Array.isArray(lo) || Array.isArray(ro));
    const list = bothLists ? granularList(n, ded) : undefined;
    if (!(bothMaps && !n?.atomic) && !list) return leaf(l, r, path);
    if (path.length && l === undefined) insert(c.added, path);
    if (path.length && r === undefined) insert(c.removed, path);
    if (bothMaps) {
      const lm = (lo ?? {}) as Record<string, JsonValue>;
      const rm = (ro ?? {}) as Record<string, JsonValue>;
      for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
        const ci = childOf(n, k, ded);
        walk(Object.hasOwn(lm, k) ? lm[k] : undefined, Object.hasOwn(rm, k) ? rm[k] : undefined, ci.node, ci.deduced, [...path, `f:${k}`]);
      }
      return;
    }
    const index = (xs: JsonValue[]) => new Map(xs.map((x, i) => [itemPE(list, x, i) as string, x]));
    const li = index((lo ?? []) as JsonValue[]);
    const ri = index((ro ?? []) as JsonValue[]);
    for (const pe of new Set([...li.keys(), ...ri.keys()])) {
      const ip = [...path, pe];
      if (!li.has(pe)) insert(c.added, ip);
      if (!ri.has(pe)) insert(c.removed, ip);
      walk(li.get(pe), ri.get(pe), n?.items, false, ip);
    }
  };
  walk(lhs, rhs, node, deduced, []);
  return c;
}

/** Whether the last element of `path` is a named struct field (as opposed to a map key or item). */
export function namedAt(root: MetaNode, path: string[]): boolean {
  let node: MetaNode | undefined = root;
  let deduced = false;
  let named = false;
  for (const pe of path) {
    if (pe.startsWith('f:')) {
      const c = childOf(node, pe.slice(2), deduced);
      [node, deduced, named] = [c.node, c.deduced, c.named];
    } else {
      [node, deduced, named] = [node?.items, false, false];
    }
  }
  return named;
}
