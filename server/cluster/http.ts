import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A failed API request: HTTP status (0 when the server was not reached) and the server's words. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
    /** Node's socket error code (`ECONNREFUSED`, `ETIMEDOUT` …) when the server was not reached. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

/**
 * GET a path and parse the JSON body. Authentication, TLS and proxies come from client-node's
 * `applyToHTTPSOptions`; the body is read with node:http because large lists are much cheaper that
 * way than through fetch (design §10).
 */
export async function getJson(kc: KubeConfig, path: string, timeoutMs = 60_000): Promise<unknown> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new ApiRequestError('the current context names no cluster server', 0);
  const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new ApiRequestError(e.message, 0)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          try { resolve(JSON.parse(text)); } catch { reject(new ApiRequestError(`invalid JSON from ${path}`, status)); }
          return;
        }
        reject(statusError(status, text, path));
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer from ${url.host} within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => reject(new ApiRequestError(connectionMessage(e, url), 0, undefined, e.code)));
    req.end();
  });
}

function statusError(status: number, body: string, path: string): ApiRequestError {
  try {
    const s = JSON.parse(body) as { message?: unknown; reason?: unknown };
    if (typeof s.message === 'string') return new ApiRequestError(s.message, status, typeof s.reason === 'string' ? s.reason : undefined);
  } catch { /* not a Status body */ }
  return new ApiRequestError(`${status} ${http.STATUS_CODES[status] ?? ''} for ${path}`.trim(), status);
}

function connectionMessage(e: NodeJS.ErrnoException, url: URL): string {
  if (e.code === 'ECONNREFUSED') return `connection refused by ${url.host} (is the API server running?)`;
  if (e.code === 'ENOTFOUND') return `host ${url.hostname} not found`;
  return `${url.host}: ${e.message}`;
}
