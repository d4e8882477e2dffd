/** Small JSON helpers the store and the API layers share: deep freeze, deep equality, cloning. */
import type { JsonObject, JsonValue } from '@/lib/k8s/object';

/** Freezes a value and everything inside it, so a stored object cannot change behind the store's back. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** Structural equality of JSON values; key order is irrelevant, as it is to kube-apiserver. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** A mutable deep copy (frozen stored objects are handed to writers through this). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Reads a nested value by path segments; `undefined` when any step is missing or not an object. */
export function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** Sets a nested value, creating intermediate objects; the target must be mutable. */
export function setPath(obj: JsonObject, path: readonly string[], value: JsonValue | undefined): void {
  let cur: JsonObject = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    const next = cur[seg];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[seg] = {};
    cur = cur[seg] as JsonObject;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
