/**
 * Small JSON helpers shared by the engines: type tests, deep copy and equality, and Go's `%v`
 * formatting of decoded JSON, because upstream error texts embed values printed that way.
 */
import type { JsonObject, JsonValue } from '@/lib/k8s/object';
import { goFloat64 } from './field-errors';

export type { JsonObject, JsonValue };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep copy of a JSON value (objects from the store must never be shared with a result). */
export function clone<T extends JsonValue>(v: T): T {
  return structuredClone(v);
}

/** Structural equality of JSON values; object key order does not matter, list order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The Go dynamic type a JSON value decodes to in apimachinery (ints are preserved as int64), as
 * `reflect.TypeOf(v).String()` prints it.
 */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** Go's `%v` of a decoded JSON value: `map[a:1 b:[x y]]`, maps printed with sorted keys. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goFormat(o[k])}`)
      .join(' ')}]`;
  }
  if (typeof v === 'number' && !Number.isInteger(v)) return goFloat64(v);
  return String(v);
}
