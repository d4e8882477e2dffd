/**
 * The three patch flavours the Kubernetes API accepts, applied purely to plain JSON: JSON merge
 * patch (RFC 7386), JSON patch (RFC 6902, `test` included) and a "strategic-lite" merge patch
 * (merge patch, except that lists of objects carrying a `name` merge by name, as strategic merge
 * does for containers, env and ports). Planners use them to compute `after`; golden tests and the
 * pipeline's preview use them to show the result.
 */
import { isRecord, type JsonValue } from '../k8s/object';

export class PatchError extends Error {}

const clone = <T extends JsonValue>(v: T): T => structuredClone(v);

/** RFC 7386: objects merge, `null` deletes, everything else replaces. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue, byName = false): JsonValue {
  if (!isRecord(patch)) {
    if (byName && Array.isArray(patch) && Array.isArray(target)) return mergeNamedLists(target, patch);
    return clone(patch);
  }
  const out: { [k: string]: JsonValue } = isRecord(target) ? { ...(target as { [k: string]: JsonValue }) } : {};
  for (const [k, v] of Object.entries(patch as { [k: string]: JsonValue })) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v, byName);
  }
  return out;
}

/** Lists of named objects merge element-wise by `name`; any other list is replaced. */
function mergeNamedLists(target: JsonValue[], patch: JsonValue[]): JsonValue {
  const named = (l: JsonValue[]) => l.every((x) => isRecord(x) && typeof x.name === 'string');
  if (!named(target) || !named(patch)) return clone(patch);
  const out = target.map((x) => clone(x));
  for (const p of patch as { [k: string]: JsonValue }[]) {
    const i = out.findIndex((x) => (x as { name: string }).name === p.name);
    if (i < 0) out.push(clone(p));
    else out[i] = mergePatch(out[i], p, true);
  }
  return out;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split('/').map(unescape);
}

function equal(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(v)) return v.map((x) => sortKeys(x) as JsonValue);
  if (isRecord(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as { [k: string]: JsonValue })[k]) as JsonValue]));
  return v;
}

type Container = { [k: string]: JsonValue } | JsonValue[];

/** The parent container of a pointer and the last token; throws when the path does not exist. */
function locate(doc: JsonValue, path: string[], op: string, pointer: string): { parent: Container; key: string } {
  let cur: JsonValue = doc;
  for (const t of path.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(cur) ? cur[Number(t)] : isRecord(cur) ? (cur as { [k: string]: JsonValue })[t] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw new PatchError(`${op} ${pointer}: path does not exist`);
    cur = next;
  }
  if (typeof cur !== 'object' || cur === null) throw new PatchError(`${op} ${pointer}: path does not exist`);
  return { parent: cur as Container, key: path[path.length - 1]! };
}

function read(doc: JsonValue, pointer: string, op: string): JsonValue {
  let cur: JsonValue | undefined = doc;
  for (const t of tokens(pointer)) cur = Array.isArray(cur) ? cur[Number(t)] : isRecord(cur) ? (cur as { [k: string]: JsonValue })[t] : undefined;
  if (cur === undefined) throw new PatchError(`${op} ${pointer}: path does not exist`);
  return cur;
}

/** RFC 6902 on a copy of `doc`; a failing `test` or a missing path throws PatchError (the API answers 422). */
export function jsonPatch(doc: JsonValue, ops: JsonValue): JsonValue {
  if (!Array.isArray(ops)) throw new PatchError('a JSON patch is a list of operations');
  let out = clone(doc);
  for (const raw of ops) {
    if (!isRecord(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new PatchError('every JSON patch operation needs op and path');
    const { op, path: pointer } = raw as { op: string; path: string };
    const value = (raw as { value?: JsonValue }).value;
    const path = tokens(pointer);
    if (op === 'test') {
      let actual: JsonValue | undefined;
      try {
        actual = read(out, pointer, op);
      } catch {
        actual = undefined;
      }
      if (!equal(actual, value)) throw new PatchError(`test ${pointer}: expected ${JSON.stringify(value)}, found ${actual === undefined ? 'nothing' : JSON.stringify(actual)}`);
      continue;
    }
    if (op === 'move' || op === 'copy') {
      const from = (raw as { from?: string }).from ?? '';
      const v = read(out, from, op);
      if (op === 'move') out = jsonPatch(out, [{ op: 'remove', path: from }]);
      out = jsonPatch(out, [{ op: 'add', path: pointer, value: clone(v) }]);
      continue;
    }
    if (path.length === 0) {
      if (op === 'remove') throw new PatchError('remove of the whole document');
      out = clone(value ?? null);
      continue;
    }
    const { parent, key } = locate(out, path, op, pointer);
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > parent.length || (op !== 'add' && i >= parent.length)) throw new PatchError(`${op} ${pointer}: index out of range`);
      if (op === 'add') parent.splice(i, 0, clone(value ?? null));
      else if (op === 'remove') parent.splice(i, 1);
      else if (op === 'replace') parent[i] = clone(value ?? null);
      else throw new PatchError(`unknown JSON patch op ${op}`);
    } else {
      const has = Object.prototype.hasOwnProperty.call(parent, key);
      if ((op === 'remove' || op === 'replace') && !has) throw new PatchError(`${op} ${pointer}: path does not exist`);
      if (op === 'add' || op === 'replace') parent[key] = clone(value ?? null);
      else if (op === 'remove') delete parent[key];
      else throw new PatchError(`unknown JSON patch op ${op}`);
    }
  }
  return out;
}

/** Applies a patch of the given type. */
export function applyPatch(doc: JsonValue, patchType: 'merge' | 'json' | 'strategic', patch: JsonValue): JsonValue {
  if (patchType === 'json') return jsonPatch(doc, patch);
  return mergePatch(doc, patch, patchType === 'strategic');
}
