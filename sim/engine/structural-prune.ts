/**
 * What kube-apiserver does to a custom resource while decoding it, before validation
 * (apiextensions-apiserver `schema/pruning`, `schema/defaulting`): drop unknown fields (recording
 * their paths for `fieldValidation=Strict|Warn`), drop `null`s of non-nullable fields without a
 * default, then apply `default`s. All functions mutate the value they are given.
 */
import { clone, isObject, type JsonObject, type JsonValue } from './json';
import type { SNode } from './structural-compile';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Path as upstream prints pruned fields: `spec.triggers[0].foo`. */
function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/**
 * Prunes `x` (the whole object: the root is treated as an embedded resource, so `apiVersion`,
 * `kind` and `metadata` stay) and returns the sorted paths of the fields it removed.
 */
export function pruneObject(x: JsonObject, root: SNode): string[] {
  const out: string[] = [];
  prune(x, { ...root, embedded: true }, '', out, true);
  return out.sort();
}

function prune(x: JsonValue, s: SNode | undefined, path: string, out: string[], isRoot = false): void {
  if (s?.preserveUnknown) {
    skipPrune(x, s, path, out);
    return;
  }
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      const v = x[k] as JsonValue;
      if (s?.embedded && keepEmbeddedMeta(k, v)) continue;
      const prop = s?.properties?.get(k);
      if (prop) prune(v, prop, join(path, k), out);
      else if (s?.additionalProperties) prune(v, s.additionalProperties, join(path, k), out);
      else {
        if (!(isRoot && META_FIELDS.has(k))) out.push(join(path, k));
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, s?.items, join(path, i), out));
  }
}

/** Embedded resources keep string `apiVersion`/`kind` and their `metadata` object as they are. */
function keepEmbeddedMeta(k: string, v: JsonValue): boolean {
  return ((k === 'apiVersion' || k === 'kind') && typeof v === 'string') || (k === 'metadata' && isObject(v));
}

/** Under `x-kubernetes-preserve-unknown-fields`: unknown keys stay, known ones are still pruned inside. */
function skipPrune(x: JsonValue, s: SNode, path: string, out: string[]): void {
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      if (s.embedded && META_FIELDS.has(k)) continue;
      const prop = s.properties?.get(k) ?? s.additionalProperties;
      if (prop) prune(x[k] as JsonValue, prop, join(path, k), out);
    }
  } else if (Array.isArray(x) && s.items) {
    x.forEach((v, i) => skipPrune(v, s.items as SNode, join(path, i), out));
  }
}

/** `PruneNonNullableNullsWithoutDefaults`: a `null` for a non-nullable field without default is dropped. */
export function pruneNulls(x: JsonValue, s: SNode | undefined): void {
  if (!s) return;
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      const prop = s.properties?.get(k) ?? s.additionalProperties;
      if (!prop) continue;
      if (x[k] === null && !prop.hasDefault && !prop.nullable) delete x[k];
      else pruneNulls(x[k] as JsonValue, prop);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNulls(v, s.items);
  }
}

const nonNullableNull = (v: JsonValue | undefined, s: SNode | undefined): s is SNode => v === null && !!s && !s.nullable && s.hasDefault;

/** `structuraldefaulting.Default`: fill absent (or non-nullable `null`) fields from `default`. */
export function applyDefaults(x: JsonValue, s: SNode | undefined): void {
  if (!s) return;
  if (isObject(x)) {
    for (const [k, prop] of s.properties ?? []) {
      if (!prop.hasDefault) continue;
      if (!Object.hasOwn(x, k) || nonNullableNull(x[k], prop)) x[k] = clone(prop.default ?? null);
    }
    for (const k of Object.keys(x)) {
      const prop = s.properties?.get(k);
      if (prop) applyDefaults(x[k] as JsonValue, prop);
      else if (s.additionalProperties) {
        if (nonNullableNull(x[k], s.additionalProperties)) x[k] = clone(s.additionalProperties.default ?? null);
        applyDefaults(x[k] as JsonValue, s.additionalProperties);
      }
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      if (nonNullableNull(v, s.items)) x[i] = clone(s.items?.default ?? null);
      applyDefaults(x[i] as JsonValue, s.items);
    });
  }
}
