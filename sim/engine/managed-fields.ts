/**
 * Field sets as structured-merge-diff keeps them, and `metadata.managedFields` as kube-apiserver
 * stores them. A set is a tree keyed by path elements in FieldsV1 spelling — `f:<field>`,
 * `k:{"name":"app"}` (list-map keys, sorted), `v:"x"` (set values), `i:0` — where `self` marks the
 * path itself as a member (serialized as `.` when the node also has children).
 */
import type { JsonObject, JsonValue } from './json';
import { isObject } from './json';

export interface FieldSet {
  self: boolean;
  children: Map<string, FieldSet>;
}

export const emptySet = (): FieldSet => ({ self: false, children: new Map() });

/** Inserts `path` (a list of path elements) as a member. */
export function insert(set: FieldSet, path: string[]): void {
  let n = set;
  for (const pe of path) {
    let c = n.children.get(pe);
    if (!c) n.children.set(pe, (c = emptySet()));
    n = c;
  }
  n.self = true;
}

export function isEmpty(s: FieldSet): boolean {
  return !s.self && [...s.children.values()].every(isEmpty);
}

function combine(a: FieldSet, b: FieldSet, op: 'union' | 'minus' | 'and'): FieldSet {
  const self = op === 'union' ? a.self || b.self : op === 'minus' ? a.self && !b.self : a.self && b.self;
  const out: FieldSet = { self, children: new Map() };
  const keys = op === 'union' ? new Set([...a.children.keys(), ...b.children.keys()]) : a.children.keys();
  for (const k of keys) {
    const ca = a.children.get(k) ?? emptySet();
    const cb = b.children.get(k) ?? emptySet();
    const c = combine(ca, cb, op);
    if (!isEmpty(c)) out.children.set(k, c);
  }
  return out;
}
export const union = (a: FieldSet, b: FieldSet) => combine(a, b, 'union');
export const difference = (a: FieldSet, b: FieldSet) => combine(a, b, 'minus');
export const intersection = (a: FieldSet, b: FieldSet) => combine(a, b, 'and');

/** Path-element order of structured-merge-diff: fields, then keys, values, indexes. */
function peCompare(a: string, b: string): number {
  const rank = (s: string) => 'fkvi'.indexOf(s[0] ?? 'i');
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Members in upstream's `Set.Iterate` order: a level's members, then its children, depth-first. */
export function members(set: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  const keys = [...set.children.keys()].sort(peCompare);
  for (const k of keys) if (set.children.get(k)?.self) out.push([...prefix, k]);
  for (const k of keys) {
    const c = set.children.get(k) as FieldSet;
    if (c.children.size) out.push(...members(c, [...prefix, k]));
  }
  return out;
}

/** Whether `path` or anything below it is a member. */
export function hasAtOrBelow(set: FieldSet, path: string[]): boolean {
  let n: FieldSet | undefined = set;
  for (const pe of path) n = n?.children.get(pe);
  return !!n && !isEmpty(n);
}

export function has(set: FieldSet, path: string[]): boolean {
  let n: FieldSet | undefined = set;
  for (const pe of path) n = n?.children.get(pe);
  return !!n?.self;
}

/** The subtree at `path` (empty when absent). */
export function at(set: FieldSet, path: string[]): FieldSet {
  let n: FieldSet | undefined = set;
  for (const pe of path) n = n?.children.get(pe);
  return n ?? emptySet();
}

/** Removes the subtree at the first element `pe` (used by ignore filters). */
export function without(set: FieldSet, pe: string): FieldSet {
  const out: FieldSet = { self: set.self, children: new Map(set.children) };
  out.children.delete(pe);
  return out;
}

/** FieldsV1 JSON: children by path element; `.` when a member node also has children. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const out: JsonObject = {};
  if (set.self && set.children.size) out['.'] = {};
  for (const k of [...set.children.keys()].sort(peCompare)) {
    const c = set.children.get(k) as FieldSet;
    if (!isEmpty(c)) out[k] = toFieldsV1(c);
  }
  return out;
}

/** Parses FieldsV1; an empty object is a member leaf, `.` marks a member with children. */
export function fromFieldsV1(v: unknown, depth = 0): FieldSet {
  const out = emptySet();
  if (!isObject(v) || depth > 200) return out;
  for (const [k, c] of Object.entries(v)) {
    if (k === '.') {
      out.self = true;
      continue;
    }
    if (!/^[fkvi]:/.test(k)) continue;
    const child = fromFieldsV1(c, depth + 1);
    if (isObject(c) && Object.keys(c).length === 0) child.self = true;
    out.children.set(k, child);
  }
  return out;
}

/** A path as upstream prints it in conflicts: `.spec.template.spec.containers[name="app"].image`. */
export function pathString(path: string[]): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      if (pe.startsWith('f:')) return `.${body}`;
      if (pe.startsWith('i:')) return `[${body}]`;
      if (pe.startsWith('v:')) return `[=${body}]`;
      let keys: Record<string, JsonValue> = {};
      try {
        keys = JSON.parse(body) as Record<string, JsonValue>;
      } catch {
        return `[${body}]`;
      }
      return `[${Object.entries(keys)
        .map(([k, val]) => `${k}=${JSON.stringify(val)}`)
        .join(',')}]`;
    })
    .join('');
}
