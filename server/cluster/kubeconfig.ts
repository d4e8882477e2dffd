import 'server-only';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface ContextInfo {
  name: string;
  cluster: string;
  server?: string;
  user: string;
  namespace?: string;
}

export type KubeconfigSource = { type: 'files'; paths: string[] } | { type: 'in-cluster' } | { type: 'none' };

/** The kubeconfig as loaded, or why it could not be; a bad kubeconfig is a state, not a crash. */
export type LoadedKubeconfig =
  | { ok: true; source: KubeconfigSource; kc: KubeConfig; contexts: ContextInfo[]; current: string; stamp: string }
  | { ok: false; source: KubeconfigSource; error: string; stamp: string };

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Where the kubeconfig comes from, like kubectl: `$KUBECONFIG` (a path list), `~/.kube/config`, in-cluster. */
export function kubeconfigSource(envValue: string | undefined): KubeconfigSource {
  if (envValue) return { type: 'files', paths: envValue.split(path.delimiter).filter(Boolean) };
  const home = path.join(os.homedir(), '.kube', 'config');
  if (existsSync(home)) return { type: 'files', paths: [home] };
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) return { type: 'in-cluster' };
  return { type: 'none' };
}

/** A cheap fingerprint of the kubeconfig files, so a rewritten file is noticed and reloaded. */
export function sourceStamp(source: KubeconfigSource): string {
  if (source.type !== 'files') return source.type;
  return source.paths.map((p) => (existsSync(p) ? `${p}@${statSync(p).mtimeMs}` : `${p}@missing`)).join('|');
}

export function loadKubeconfig(envValue: string | undefined): LoadedKubeconfig {
  const source = kubeconfigSource(envValue);
  const stamp = sourceStamp(source);
  if (source.type === 'none') {
    return { ok: false, source, stamp, error: 'No kubeconfig found: set KUBECONFIG, create ~/.kube/config, or run scaleguard inside a cluster.' };
  }
  const kc = new KubeConfig();
  try {
    if (source.type === 'in-cluster') kc.loadFromCluster();
    else {
      const missing = source.paths.filter((p) => !existsSync(p));
      if (missing.length === source.paths.length) return { ok: false, source, stamp, error: `Kubeconfig not found: ${missing.join(', ')}` };
      // loadFromDefault merges every file of $KUBECONFIG the way kubectl does.
      const saved = process.env.KUBECONFIG;
      process.env.KUBECONFIG = source.paths.join(path.delimiter);
      try { kc.loadFromDefault(); } finally { process.env.KUBECONFIG = saved; }
    }
  } catch (err) {
    return { ok: false, source, stamp, error: `Kubeconfig ${describeSource(source)} could not be read: ${messageOf(err)}` };
  }
  const contexts = kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: kc.getCluster(c.cluster)?.server,
    user: c.user,
    namespace: c.namespace,
  }));
  if (contexts.length === 0) return { ok: false, source, stamp, error: `Kubeconfig ${describeSource(source)} defines no contexts.` };
  const current = kc.getCurrentContext() && contexts.some((c) => c.name === kc.getCurrentContext()) ? kc.getCurrentContext() : contexts[0]!.name;
  return { ok: true, source, kc, contexts, current, stamp };
}

/** A KubeConfig whose current context is `context`; client-node's Watch always uses the current one. */
export function kubeConfigForContext(loaded: Extract<LoadedKubeconfig, { ok: true }>, context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: loaded.kc.getClusters(),
    users: loaded.kc.getUsers(),
    contexts: loaded.kc.getContexts(),
    currentContext: context,
  });
  return kc;
}

export function describeSource(source: KubeconfigSource): string {
  if (source.type === 'files') return source.paths.join(path.delimiter);
  return source.type === 'in-cluster' ? '(in-cluster service account)' : '(none)';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
