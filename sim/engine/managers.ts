/**
 * `metadata.managedFields` entries as the apiserver's field manager reads and writes them:
 * identity (manager, operation, subresource, and apiVersion for updaters), the cap of 10 update
 * managers (older ones merged into `ancient-changes`), and the stored order.
 */
import { isObject, type JsonObject } from './json';
import { fromFieldsV1, isEmpty, toFieldsV1, union, type FieldSet } from './managed-fields';

export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** `BuildManagerIdentifier`: appliers keep one identity whatever apiVersion they apply at. */
export function managerKey(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([m.manager, m.operation, m.operation === 'Apply' ? '' : m.apiVersion, m.subresource ?? '']);
}

/** Reads managedFields; malformed entries are skipped (upstream would reset them). */
export function decodeManagers(entries: unknown): Map<string, Manager> {
  const out = new Map<string, Manager>();
  for (const e of Array.isArray(entries) ? entries : []) {
    if (!isObject(e) || (e.operation !== 'Apply' && e.operation !== 'Update')) continue;
    const m: Manager = { manager: typeof e.manager === 'string' ? e.manager : '', operation: e.operation, apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '', set: fromFieldsV1(e.fieldsV1) };
    if (typeof e.time === 'string') m.time = e.time;
    if (typeof e.subresource === 'string' && e.subresource) m.subresource = e.subresource;
    const key = managerKey(m);
    const prev = out.get(key);
    out.set(key, prev ? { ...m, set: union(prev.set, m.set) } : m);
  }
  return out;
}

const seconds = (t?: string) => (t ? Math.floor((Date.parse(t) || 0) / 1000) : 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Stored order (`sortEncodedManagedFields`): Apply before Update, then time, manager, apiVersion, subresource. */
export function encodeManagers(managers: Map<string, Manager>): JsonObject[] {
  return [...managers.values()]
    .filter((m) => !isEmpty(m.set))
    .sort((a, b) => cmp(a.operation, b.operation) || seconds(a.time) - seconds(b.time) || cmp(a.manager, b.manager) || cmp(a.apiVersion, b.apiVersion) || cmp(a.subresource ?? '', b.subresource ?? ''))
    .map((m) => {
      const e: JsonObject = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
      if (m.time) e.time = m.time;
      e.fieldsType = 'FieldsV1';
      e.fieldsV1 = toFieldsV1(m.set);
      if (m.subresource) e.subresource = m.subresource;
      return e;
    });
}

/** `capManagersManager`: at most 10 Update managers; the oldest merge into `ancient-changes` per apiVersion. */
export function capUpdateManagers(managers: Map<string, Manager>, max = 10): Map<string, Manager> {
  const updaters = [...managers.entries()].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= max) return managers;
  updaters.sort(([ka, a], [kb, b]) => seconds(a.time) - seconds(b.time) || cmp(ka, kb));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [key, m] of updaters) {
    if (length <= max) break;
    const bucketKey = managerKey({ manager: 'ancient-changes', operation: 'Update', apiVersion: m.apiVersion });
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, key);
      continue;
    }
    if (!managers.has(bucketKey)) {
      const f = managers.get(first) as Manager;
      managers.delete(first);
      managers.set(bucketKey, { ...f, manager: 'ancient-changes', subresource: undefined });
    }
    const bucket = managers.get(bucketKey) as Manager;
    managers.set(bucketKey, { ...bucket, set: union(m.set, bucket.set), time: m.time });
    managers.delete(key);
    length--;
  }
  return managers;
}
