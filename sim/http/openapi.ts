/**
 * The OpenAPI v3 documents kubectl reads: the `/openapi/v3` index and one document per group
 * version. Each resource's item path carries a PATCH operation with its GVK and the
 * `fieldValidation` parameter, which tells kubectl the server validates fields itself
 * (so `--validate=strict` sends `fieldValidation=Strict` instead of validating client-side).
 * Strategic merge is not advertised: kubectl then computes apply patches from its compiled-in
 * types for built-ins and uses JSON merge patches for custom resources, as against a real server.
 * `/openapi/v2` (protobuf only in kubectl) is not served.
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '@/lib/k8s/object';
import type { ApiServer } from '../apiserver/api-server';
import type { ResourceInfo } from '../registry/types';

const q = (name: string, description: string): JsonObject => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });
const WRITE_PARAMS = [q('dryRun', 'When present, indicates that modifications should not be persisted.'), q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'), q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.')];

function docPath(r: ResourceInfo): string {
  return r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
}

function itemPath(r: ResourceInfo): string {
  return `/${docPath(r)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}/{name}`;
}

function schemaName(r: ResourceInfo): string {
  const parts = (r.group || 'core').split('.').reverse();
  return `${parts.join('.')}.${r.version}.${r.kind}`;
}

/** The index: one entry per served group version, with a content hash in the URL as kube does. */
export function openApiIndex(api: ApiServer): JsonObject {
  const paths: JsonObject = {};
  const seen = new Set<string>();
  for (const r of api.registry.all()) {
    const p = docPath(r);
    if (seen.has(p)) continue;
    seen.add(p);
    const hash = createHash('sha512').update(JSON.stringify(openApiDocument(api, p))).digest('hex').slice(0, 128).toUpperCase();
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

/** The document of one group version (`api/v1`, `apis/apps/v1`), or undefined when not served. */
export function openApiDocument(api: ApiServer, path: string): JsonObject | undefined {
  const resources = api.registry.all().filter((r) => docPath(r) === path && !r.createOnly);
  const all = api.registry.all().filter((r) => docPath(r) === path);
  if (all.length === 0) return undefined;
  const paths: JsonObject = {};
  const schemas: JsonObject = {};
  for (const r of resources) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const ref = { $ref: `#/components/schemas/${schemaName(r)}` };
    const body = { content: { 'application/json': { schema: ref } } };
    const patchBody = { content: Object.fromEntries(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'].map((t) => [t, { schema: { type: 'object' } }])), required: true };
    paths[itemPath(r)] = {
      get: { operationId: `read${r.kind}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk, responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } } },
      put: { operationId: `replace${r.kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk, parameters: WRITE_PARAMS, requestBody: body, responses: { '200': { description: 'OK' } } },
      patch: { operationId: `patch${r.kind}`, 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk, parameters: [...WRITE_PARAMS, q('force', 'Force is going to "force" Apply requests.')], requestBody: patchBody, responses: { '200': { description: 'OK' } } },
      delete: { operationId: `delete${r.kind}`, 'x-kubernetes-action': 'delete', 'x-kubernetes-group-version-kind': gvk, responses: { '200': { description: 'OK' } } },
      parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }, ...(r.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }] : [])],
    };
    schemas[schemaName(r)] = { type: 'object', 'x-kubernetes-group-version-kind': [gvk], 'x-kubernetes-preserve-unknown-fields': true };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.4' }, paths, components: { schemas } };
}

