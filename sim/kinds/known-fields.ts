/**
 * Unknown-field detection for built-in kinds. kube-apiserver decodes built-ins into Go structs, so
 * fields the struct lacks are dropped and reported (`fieldValidation`). We get the same field lists
 * from @kubernetes/client-node's generated models (`attributeTypeMap`), which mirror the OpenAPI spec.
 */
import * as k8s from '@kubernetes/client-node';
import type { JsonObject, JsonValue } from '@/lib/k8s/object';

interface Attribute {
  baseName: string;
  type: string;
}

const models = k8s as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>;
const cache = new Map<string, Map<string, string> | null>();

function fieldsOf(model: string): Map<string, string> | null {
  let f = cache.get(model);
  if (f !== undefined) return f;
  const cls = models[model];
  const attrs = typeof cls?.getAttributeTypeMap === 'function' ? cls.getAttributeTypeMap() : null;
  f = attrs ? new Map(attrs.map((a) => [a.baseName, a.type])) : null;
  cache.set(model, f);
  return f;
}

/** Whether client-node knows the model (a test of the mapping table below). */
export function hasModel(model: string): boolean {
  return fieldsOf(model) !== null;
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function walk(value: JsonValue, type: string, path: string, unknown: string[]): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  const a = ARRAY.exec(type);
  if (a) return Array.isArray(value) ? value.map((v, i) => walk(v, a[1]!, `${path}[${i}]`, unknown)) : value;
  const m = MAP.exec(type);
  if (m) {
    if (Array.isArray(value)) return value;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, m[1]!, path ? `${path}.${k}` : k, unknown);
    return out;
  }
  const fields = fieldsOf(type);
  if (!fields || Array.isArray(value)) return value; // a scalar type, `any`, or a model we do not know: keep as is
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const t = fields.get(k);
    const p = path ? `${path}.${k}` : k;
    if (t === undefined) {
      unknown.push(p);
      continue;
    }
    out[k] = walk(v, t, p, unknown);
  }
  return out;
}

/** Drops fields the model does not define and lists their paths (`spec.template.spec.containers[0].foo`). */
export function pruneByModel(model: string, obj: JsonObject): { object: JsonObject; unknown: string[] } {
  const unknown: string[] = [];
  const object = walk(obj, model, '', unknown) as JsonObject;
  return { object, unknown };
}
