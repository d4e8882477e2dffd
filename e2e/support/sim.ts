/** Test-side access to the simulator started by `npm run demo` (its admin token and URL). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const dataDir = process.env.SCALEGUARD_E2E_DATA_DIR ?? '.scaleguard/e2e';
export const simKubeconfigPath = path.resolve(dataDir, 'sim', 'kubeconfig');

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string } }[];
  users: { name: string; user: { token?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

export function simAccess(context = 'scaleguard-sim', kubeconfig = simKubeconfigPath): { server: string; token: string } {
  const kc = parse(readFileSync(kubeconfig, 'utf8')) as Kubeconfig;
  const ctx = kc.contexts.find((c) => c.name === context)!.context;
  // The simulator's port also speaks plain HTTP; tests use it rather than trust its self-signed certificate.
  return {
    server: kc.clusters.find((c) => c.name === ctx.cluster)!.cluster.server.replace(/^https:/, 'http:'),
    token: kc.users.find((u) => u.name === ctx.user)!.user.token!,
  };
}

/** Calls the simulator's API as the admin, as kubectl would. */
export async function simRequest(method: string, apiPath: string, body?: unknown, opts: { kubeconfig?: string; contentType?: string } = {}): Promise<Response> {
  const { server, token } = simAccess('scaleguard-sim', opts.kubeconfig ?? simKubeconfigPath);
  return fetch(`${server}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': opts.contentType ?? 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** `simRequest` for another simulator (one a test started), by its kubeconfig. */
export function simRequestTo(kubeconfig: string): typeof simRequest {
  return (method, apiPath, body, opts = {}) => simRequest(method, apiPath, body, { ...opts, kubeconfig });
}
