/**
 * The events.k8s.io/v1 view of core/v1 Events (one store, as in kube): the same fields under the
 * newer names (`regarding`, `note`, `reportingController`, `deprecated*`).
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import type { VersionConverter } from '../registry/types';
import { clone } from '../store/json';

/** core/v1 name → events.k8s.io/v1 name. */
const RENAMES: [string, string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

function rename(obj: KubeObject, apiVersion: string, pairs: [string, string][]): KubeObject {
  const o = clone(obj) as unknown as JsonObject;
  for (const [from, to] of pairs) {
    if (o[from] !== undefined) o[to] = o[from]!;
    delete o[from];
  }
  o.apiVersion = apiVersion;
  return o as unknown as KubeObject;
}

export const eventsV1Converter: VersionConverter = {
  fromStorage: (obj) => rename(obj, 'events.k8s.io/v1', RENAMES),
  toStorage: (obj) => rename(obj, 'v1', RENAMES.map(([a, b]) => [b, a])),
};
