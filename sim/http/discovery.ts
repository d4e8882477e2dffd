/**
 * Legacy (unaggregated) discovery: `/api`, `/apis`, `/apis/{group}`, `/api/v1`, `/apis/{g}/{v}`.
 * Clients that ask for aggregated discovery fall back to these when the response is plain JSON.
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '@/lib/k8s/object';
import type { ApiServer } from '../apiserver/api-server';
import { gv, type ResourceInfo } from '../registry/types';

const gvEntry = (group: string, version: string): JsonObject => ({ groupVersion: group ? `${group}/${version}` : version, version });

export function apiVersions(address: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
}

function groupObject(name: string, versions: string[], preferred: string): JsonObject {
  return { name, versions: versions.map((v) => gvEntry(name, v)), preferredVersion: gvEntry(name, preferred) };
}

export function apiGroupList(api: ApiServer): JsonObject {
  const groups = api.registry.groups().filter((g) => g.name !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupObject(g.name, g.versions, g.preferredVersion)) };
}

export function apiGroup(api: ApiServer, name: string): JsonObject | undefined {
  const g = api.registry.groups().find((x) => x.name === name && name !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupObject(g.name, g.versions, g.preferredVersion) } : undefined;
}

function storageVersionHash(r: ResourceInfo): string {
  return createHash('sha256').update(`${r.storageVersion}/${r.kind}`).digest('base64').slice(0, 11);
}

function resourceEntries(r: ResourceInfo): JsonObject[] {
  const main: JsonObject = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames.length) main.shortNames = r.shortNames;
  if (r.categories.length) main.categories = r.categories;
  if (!r.createOnly) main.storageVersionHash = storageVersionHash(r);
  const out = [main];
  for (const sub of r.subresources) {
    if (sub === 'scale') out.push({ name: `${r.plural}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    else if (sub === 'finalize') out.push({ name: `${r.plural}/finalize`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['update'] });
    else out.push({ name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
  }
  return out;
}

export function apiResourceList(api: ApiServer, group: string, version: string): JsonObject | undefined {
  const resources = api.registry.resourcesOf(group, version);
  if (resources.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv({ group, version }), resources: resources.flatMap(resourceEntries) };
}
