/**
 * Resource requests: authorization, then the verb on the resolved resource (get, list, watch,
 * create, update, patch, delete, deletecollection, and the status/scale/finalize subresources),
 * with Table and metadata-only representations for reads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { errors, successStatus } from '../api/errors';
import type { ApiServer } from '../apiserver/api-server';
import type { RequestContext } from '../apiserver/context';
import { PATCH_CONTENT_TYPES } from '../apiserver/patch';
import { errResource } from '../apiserver/read';
import { evictPod } from '../apiserver/eviction';
import { getScale, writeScale } from '../apiserver/scale';
import { forbiddenMessage, type Authorizer } from '../auth/authorizer';
import { review } from '../auth/reviews';
import type { UserInfo } from '../auth/user';
import { gv, type ResourceInfo } from '../registry/types';
import { clone } from '../store/json';
import { contentTypeOf, representation } from './negotiate';
import { deleteOptionsOf, dryRunOf, fieldManagerOf, fieldValidationOf, listOptionsOf } from './query';
import type { RequestInfo } from './request-info';
import { readBody, sendJson } from './respond';
import { decodeProtobuf } from './protobuf';
import { partialMetadata, toTable, type IncludeObject } from './table';
import { serveWatch, type WatchRegistry } from './watch';

export interface HandlerEnv {
  api: ApiServer;
  authz: Authorizer;
  watches: WatchRegistry;
  bookmarkMs: number;
}

function parseBody(raw: Buffer, contentType: string): unknown {
  if (contentType.startsWith('application/vnd.kubernetes.protobuf')) {
    // kubectl's typed clients send protobuf; we read it for reviews and a few simple kinds.
    const decoded = decodeProtobuf(raw);
    if (decoded) return decoded;
    throw errors.unsupportedMediaType(['application/json', 'application/yaml']);
  }
  const text = raw.toString('utf8');
  if (!text.trim()) throw errors.badRequest('the body of the request was empty');
  try {
    return contentType.includes('yaml') ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function includeObjectOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** Sends one object (or list) in the representation the client asked for. */
function sendRead(env: HandlerEnv, res: ResourceInfo, req: IncomingMessage, out: ServerResponse, q: URLSearchParams, objects: KubeObject[], list: { rv: string; continue?: string; remaining?: number } | undefined, warnings: string[]): void {
  const rep = representation(req.headers.accept);
  if (rep === 'table') {
    const t = toTable(res, objects, env.api.clock.now(), { includeObject: includeObjectOf(q), resourceVersion: list?.rv ?? objects[0]?.metadata.resourceVersion, continue: list?.continue, remainingItemCount: list?.remaining });
    return sendJson(out, 200, t, warnings, contentTypeOf('table', false));
  }
  if (!list) return sendJson(out, 200, rep === 'metadata' ? partialMetadata(objects[0]!) : objects[0], warnings, contentTypeOf(rep, false));
  const metadata: JsonObject = { resourceVersion: list.rv };
  if (list.continue) metadata.continue = list.continue;
  if (list.remaining !== undefined) metadata.remainingItemCount = list.remaining;
  if (rep === 'metadata') return sendJson(out, 200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: objects.map(partialMetadata) }, warnings, contentTypeOf('metadata', true));
  sendJson(out, 200, { kind: `${res.kind}List`, apiVersion: gv(res), metadata, items: objects }, warnings);
}

export async function handleResource(env: HandlerEnv, info: RequestInfo, user: UserInfo, req: IncomingMessage, out: ServerResponse, q: URLSearchParams): Promise<void> {
  const { api } = env;
  const attrs = { verb: info.verb, apiGroup: info.group, resource: info.resource, subresource: info.subresource || undefined, namespace: info.namespace || undefined, name: info.name || undefined };
  const decision = env.authz.authorize(user, attrs);
  if (!decision.allowed) throw errors.forbidden({ group: info.group, resource: info.resource }, info.name, forbiddenMessage(user, attrs) + (decision.reason ? `: ${decision.reason}` : ''));

  const res = api.resource(info.group, info.version, info.resource);
  if (!res) throw errors.noResource();
  if (info.subresource && !res.subresources.includes(info.subresource)) throw errors.noResource();
  if (res.namespaced && info.verb !== 'list' && info.verb !== 'watch' && info.verb !== 'deletecollection' && !info.namespace && !res.createOnly) throw errors.noResource();
  const ns = res.namespaced ? info.namespace || undefined : undefined;
  const verbAllowed = info.subresource ? true : res.verbs.includes(info.verb);
  if (!verbAllowed) throw errors.methodNotAllowed();

  const ctx: RequestContext = { user, warnings: [], dryRun: false };
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
    ctx.dryRun = dryRunOf(q);
    ctx.fieldManager = fieldManagerOf(q, req.headers['user-agent']);
    ctx.fieldValidation = fieldValidationOf(q);
  }
  const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
  const contentType = String(req.headers['content-type'] ?? 'application/json').toLowerCase();

  switch (info.verb) {
    case 'get': {
      if (info.subresource === 'scale') return sendJson(out, 200, getScale(api, res, ns, info.name));
      return sendRead(env, res, req, out, q, [api.get(res, ns, info.name)], undefined, []);
    }
    case 'list': {
      const l = api.list(res, ns, listOptionsOf(q));
      return sendRead(env, res, req, out, q, l.items, { rv: l.resourceVersion, continue: l.continue, remaining: l.remainingItemCount }, []);
    }
    case 'watch': {
      const lo = listOptionsOf(q);
      const fieldSelector = info.name ? [lo.fieldSelector, `metadata.name=${info.name}`].filter(Boolean).join(',') : lo.fieldSelector;
      const sie = q.get('sendInitialEvents');
      const timeout = q.get('timeoutSeconds');
      serveWatch(api, {
        res, namespace: ns, labelSelector: lo.labelSelector, fieldSelector, resourceVersion: lo.resourceVersion,
        allowBookmarks: q.get('allowWatchBookmarks') === 'true', sendInitialEvents: sie === null ? undefined : sie === 'true',
        timeoutSeconds: timeout ? Number(timeout) : undefined, representation: representation(req.headers.accept), includeObject: includeObjectOf(q),
      }, out, env.watches, env.bookmarkMs);
      return;
    }
    case 'create': {
      if (info.subresource === 'eviction' && res.group === '' && res.plural === 'pods' && ns) return sendJson(out, 201, await evictPod(api, ns, info.name, parseBody(body, contentType), ctx), ctx.warnings);
      if (info.name) throw errors.methodNotAllowed();
      if (res.createOnly) return sendJson(out, 201, review(res.kind, info.namespace, parseBody(body, contentType), user, env.authz));
      const created = await api.create(res, ns, parseBody(body, contentType), ctx);
      return sendJson(out, 201, created, ctx.warnings);
    }
    case 'update': {
      if (info.subresource === 'scale') return sendJson(out, 200, await writeScale(api, res, ns, info.name, { body: parseBody(body, contentType) }, ctx), ctx.warnings);
      if (info.subresource === 'finalize') return sendJson(out, 200, finalizeNamespace(api, info.name, parseBody(body, contentType)));
      return sendJson(out, 200, await api.update(res, ns, info.name, parseBody(body, contentType), ctx, info.subresource), ctx.warnings);
    }
    case 'patch': {
      const type = PATCH_CONTENT_TYPES[contentType.split(';')[0]!.trim()];
      if (!type) throw errors.unsupportedMediaType(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml', ...(res.crdName ? [] : ['application/strategic-merge-patch+json'])]);
      const force = q.get('force');
      // Apply needs an explicit field manager; the User-Agent fallback is for other writes only.
      if (type === 'apply' && !q.get('fieldManager')) ctx.fieldManager = undefined;
      if (info.subresource === 'scale') return sendJson(out, 200, await writeScale(api, res, ns, info.name, { patchType: type, patch: body.toString('utf8') }, ctx), ctx.warnings);
      const existed = !!api.store.get(res.storage, ns, info.name);
      const result = await api.patch(res, ns, info.name, { type, body: body.toString('utf8'), force: force === null ? undefined : force === 'true', subresource: info.subresource }, ctx);
      return sendJson(out, existed ? 200 : 201, result, ctx.warnings);
    }
    case 'delete': {
      const r = await api.delete(res, ns, info.name, deleteOptionsOf(q, body.toString('utf8')), ctx);
      if (!r.removed) return sendJson(out, 202, r.object, ctx.warnings);
      const d = { name: info.name, kind: res.plural, uid: r.object.metadata.uid, ...(res.group ? { group: res.group } : {}) };
      return sendJson(out, 200, successStatus(d), ctx.warnings);
    }
    case 'deletecollection': {
      const items = await api.deleteCollection(res, ns, listOptionsOf(q), deleteOptionsOf(q, body.toString('utf8')), ctx);
      return sendJson(out, 200, { kind: `${res.kind}List`, apiVersion: gv(res), metadata: { resourceVersion: String(api.store.resourceVersion) }, items }, ctx.warnings);
    }
    default:
      throw errors.methodNotAllowed();
  }
}

/** PUT namespaces/{name}/finalize: replaces spec.finalizers; an emptied Terminating namespace goes. */
function finalizeNamespace(api: ApiServer, name: string, body: unknown): KubeObject {
  const current = api.store.get('/namespaces', undefined, name);
  if (!current) throw errors.notFound(errResource({ group: '', plural: 'namespaces' } as ResourceInfo), name);
  const next = clone(current);
  const fins = (body as { spec?: { finalizers?: unknown } }).spec?.finalizers;
  next.spec = { ...((next.spec as object) ?? {}), finalizers: Array.isArray(fins) ? fins : [] };
  const stored = api.store.update('/namespaces', next);
  if (stored.metadata.deletionTimestamp && (fins === undefined || (Array.isArray(fins) && fins.length === 0)) && !(stored.metadata.finalizers ?? []).length) {
    return api.store.remove('/namespaces', undefined, name) ?? stored;
  }
  return stored;
}
