/**
 * The simulator's HTTP front: node:http on 127.0.0.1, authentication, impersonation, public
 * health and version endpoints, discovery and OpenAPI, resource requests, `/_sim/` control
 * endpoints, and outages that drop every connection and stop listening for a while.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { ApiError, errors } from '../api/errors';
import type { ApiServer } from '../apiserver/api-server';
import { forbiddenMessage, type Authorizer } from '../auth/authorizer';
import type { Authenticator } from '../auth/authenticator';
import type { UserInfo } from '../auth/user';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery';
import { httpExtensions } from './extensions';
import { impersonate } from './impersonation';
import { openApiDocument, openApiIndex } from './openapi';
import { parseRequestInfo } from './request-info';
import { handleResource, type HandlerEnv } from './resources';
import { sendError, sendJson, sendText } from './respond';

/** A `/_sim/...` endpoint: gets the request and its query, answers with a JSON body. */
export type ControlHandler = (path: string, query: URLSearchParams, server: SimHttpServer) => Promise<unknown> | unknown;

export interface SimHttpServerOptions {
  api: ApiServer;
  authn: Authenticator;
  authz: Authorizer;
  /** Interval of watch BOOKMARK events (default 5000 ms). */
  bookmarkMs?: number;
  control?: ControlHandler;
}

const TLS = {
  key: readFileSync(new URL('../tls/localhost.key', import.meta.url)),
  cert: readFileSync(new URL('../tls/localhost.crt', import.meta.url)),
};

const PUBLIC = /^\/(healthz|livez|readyz)(\/.*)?$|^\/version\/?$/;

export class SimHttpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly env: HandlerEnv;
  private boundPort = 0;
  private outageTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: SimHttpServerOptions) {
    this.env = { api: opts.api, authz: opts.authz, watches: new Set(), bookmarkMs: opts.bookmarkMs ?? 5000 };
  }

  /** The API server behind this front. */
  get api(): ApiServer {
    return this.opts.api;
  }

  get port(): number {
    return this.boundPort;
  }

  /**
   * Starts listening on 127.0.0.1 (port 0 picks a free one); resolves to the bound port. One port
   * speaks both plain HTTP and HTTPS (self-signed): the first byte of a connection tells a TLS
   * handshake (0x16) from an HTTP request. kubectl needs TLS to send its bearer token at all.
   */
  listen(port: number): Promise<number> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const plain = createServer(handler);
    plain.keepAliveTimeout = 65_000;
    const secure = createHttpsServer({ key: TLS.key, cert: TLS.cert }, handler);
    secure.keepAliveTimeout = 65_000;
    const server = createNetServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.once('data', (first: Buffer) => {
        socket.pause();
        if (first[0] === 0x16) secure.emit('connection', jsStream(socket, first));
        else {
          socket.unshift(first);
          plain.emit('connection', socket);
          socket.resume();
        }
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const addr = server.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : port;
        resolve(this.boundPort);
      });
    });
  }

  /** Closes the listener and every connection, watches included. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.outageTimer) clearTimeout(this.outageTimer);
    await this.closeListener();
  }

  /** A real outage: every connection drops, the port stops listening, then listens again. */
  outage(seconds: number): void {
    void this.closeListener().then(() => {
      this.outageTimer = setTimeout(() => {
        if (!this.stopped) void this.listen(this.boundPort).catch(() => undefined);
      }, seconds * 1000);
    });
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const w of this.env.watches) w.destroy();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Requests served per user and verb (`list`, `watch`, `get` …), for `GET /_sim/stats`. */
  readonly requestCounts = new Map<string, Map<string, number>>();

  private countRequest(user: string, verb: string): void {
    const byVerb = this.requestCounts.get(user) ?? new Map<string, number>();
    byVerb.set(verb, (byVerb.get(verb) ?? 0) + 1);
    this.requestCounts.set(user, byVerb);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      if (PUBLIC.test(path)) return this.publicEndpoint(path, res);
      const caller = this.opts.authn.authenticate(req.headers.authorization);
      if (!caller) throw errors.unauthorized();
      const { user, impersonated } = impersonate(req, caller, this.opts.authz);
      if (path.startsWith('/_sim/')) {
        const debug = httpExtensions(this.opts.api).debugFor(path);
        if (impersonated || !user.groups.includes('system:masters') || (!this.opts.control && !debug)) throw errors.forbidden({ group: '', resource: '' }, '', `User "${user.username}" cannot use the simulator control endpoints`);
        if (debug) return sendJson(res, 200, await debug.handler(debug.subpath, url.searchParams));
        return sendJson(res, 200, await this.opts.control!(path, url.searchParams, this));
      }
      const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
      this.countRequest(user.username, info.isResourceRequest ? info.verb : `${(req.method ?? 'GET').toLowerCase()} ${path}`);
      if (info.isResourceRequest && httpExtensions(this.opts.api).api(info.group, info.version)) return this.aggregated(info, user, url.searchParams, res);
      if (info.isResourceRequest) return await handleResource(this.env, info, user, req, res, url.searchParams);
      return this.nonResource(path, url.searchParams, user, req, res);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof ApiError && e.code === 403 && !e.status.details?.kind) {
        // Forbidden on a non-resource path: kube words it without a resource.
        return sendError(res, new ApiError(403, 'Forbidden', e.message.replace(/^ is forbidden: /, 'forbidden: '), {}));
      }
      sendError(res, e);
    }
  }

  private publicEndpoint(path: string, res: ServerResponse): void {
    if (path.startsWith('/version')) return sendJson(res, 200, versionInfo(this.opts.api.serverVersion));
    sendText(res, 200, 'ok');
  }

  /** A request to an aggregated API (e.g. `external.metrics.k8s.io`): authorized here, answered by its registered server. */
  private aggregated(info: ReturnType<typeof parseRequestInfo>, user: UserInfo, q: URLSearchParams, res: ServerResponse): void {
    const attrs = { verb: info.verb, apiGroup: info.group, resource: info.resource, subresource: info.subresource || undefined, namespace: info.namespace || undefined, name: info.name || undefined };
    const d = this.opts.authz.authorize(user, attrs);
    if (!d.allowed) throw errors.forbidden({ group: info.group, resource: info.resource }, info.name, forbiddenMessage(user, attrs));
    const a = httpExtensions(this.opts.api).api(info.group, info.version)!;
    sendJson(res, 200, a.handle({ verb: info.verb, namespace: info.namespace, resource: info.resource, name: info.name, query: q }));
  }

  private nonResource(path: string, q: URLSearchParams, user: UserInfo, req: IncomingMessage, res: ServerResponse): void {
    const attrs = { verb: (req.method ?? 'GET').toLowerCase(), path };
    const d = this.opts.authz.authorize(user, attrs);
    if (!d.allowed) throw new ApiError(403, 'Forbidden', `forbidden: ${forbiddenMessage(user, attrs)}`, {});
    const api = this.opts.api;
    const p = path.replace(/\/+$/, '') || '/';
    const segs = p.split('/').filter(Boolean);
    let body: unknown;
    const ext = httpExtensions(api);
    const extGroup = (a: { group: string; version: string }) => ({ name: a.group, versions: [{ groupVersion: `${a.group}/${a.version}`, version: a.version }], preferredVersion: { groupVersion: `${a.group}/${a.version}`, version: a.version } });
    if (p === '/api') body = apiVersions(`127.0.0.1:${this.boundPort}`);
    else if (p === '/apis') {
      const list = apiGroupList(api);
      body = { ...list, groups: [...(list.groups as unknown[]), ...ext.availableApis().map(extGroup)] };
    } else if (segs[0] === 'api' && segs.length === 2) body = apiResourceList(api, '', segs[1]!);
    else if (segs[0] === 'apis' && segs.length === 2) {
      const a = ext.api(segs[1]!);
      body = a ? { kind: 'APIGroup', apiVersion: 'v1', ...extGroup(a) } : apiGroup(api, segs[1]!);
    } else if (segs[0] === 'apis' && segs.length === 3) {
      const a = ext.api(segs[1]!, segs[2]!);
      body = a ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${a.group}/${a.version}`, resources: a.resources() } : apiResourceList(api, segs[1]!, segs[2]!);
    }
    else if (p === '/openapi/v3') body = openApiIndex(api);
    else if (segs[0] === 'openapi' && segs[1] === 'v3') body = openApiDocument(api, segs.slice(2).join('/'));
    void q;
    if (body === undefined) return sendText(res, 404, '404 page not found\n');
    sendJson(res, 200, body);
  }
}

/**
 * A JS-level duplex over a socket whose first bytes were already read: TLS wraps a raw socket's
 * native handle directly and would miss bytes pushed back with `unshift`, so it gets this instead.
 */
function jsStream(socket: Socket, first: Buffer): Duplex {
  const d = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end(cb);
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  d.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!d.push(chunk)) socket.pause();
  });
  socket.on('end', () => d.push(null));
  socket.on('close', () => d.destroy());
  return d;
}

/** `/version`, as `version.Info` with the scenario's gitVersion. */
export function versionInfo(gitVersion: string): Record<string, string> {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1', minor: m?.[2] ?? '33', emulationMajor: m?.[1] ?? '1', emulationMinor: m?.[2] ?? '33', minCompatibilityMajor: m?.[1] ?? '1', minCompatibilityMinor: String(Math.max(0, Number(m?.[2] ?? 33) - 1)),
    gitVersion, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2025-08-12T00:00:00Z', goVersion: 'go1.24.5', compiler: 'gc', platform: 'linux/amd64',
  };
}
