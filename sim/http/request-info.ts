/**
 * Parses a request path the way kube-apiserver's RequestInfoFactory does: API prefix, group,
 * version, namespace, resource, name, subresource, and the verb from the method and query.
 */

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments after the group version, for discovery handling. */
  parts: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = { isResourceRequest: false, path, verb: method.toLowerCase(), group: '', version: '', namespace: '', resource: '', subresource: '', name: '', parts: [] };
  const segs = path.replace(/^\/+|\/+$/g, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (segs[0] !== 'api' && segs[0] !== 'apis') return info;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length < 2) return info;
    info.version = segs[1]!;
    rest = segs.slice(2);
  } else {
    if (segs.length < 3) {
      if (segs.length === 2) info.group = segs[1]!;
      return info;
    }
    info.group = segs[1]!;
    info.version = segs[2]!;
    rest = segs.slice(3);
  }
  info.parts = rest;
  if (rest.length === 0) return info;
  info.isResourceRequest = true;
  // The deprecated `/watch/` path prefix.
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      info.namespace = rest[1]!;
      if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
    }
  }
  info.resource = rest[0] ?? '';
  info.name = rest[1] ?? '';
  info.subresource = rest[2] ?? '';
  if (info.resource === 'namespaces' && info.namespace && !info.name) {
    info.name = info.namespace;
  }
  if (info.resource === 'namespaces') info.namespace = '';
  const m = method.toUpperCase();
  if (m === 'POST') info.verb = 'create';
  else if (m === 'PUT') info.verb = 'update';
  else if (m === 'PATCH') info.verb = 'patch';
  else if (m === 'DELETE') info.verb = info.name ? 'delete' : 'deletecollection';
  else if (m === 'GET' || m === 'HEAD') {
    info.verb = info.name ? 'get' : 'list';
    const w = query.get('watch');
    if (watchPrefix || w === 'true' || w === '1') info.verb = 'watch';
  }
  return info;
}
