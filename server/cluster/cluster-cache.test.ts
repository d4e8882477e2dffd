import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@/sim/simulator';
import type { Snapshot } from '@/lib/snapshot';
import { ClusterCache } from './cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from './kubeconfig';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-cache-'));

/** A cache for one context of the simulator's kubeconfig, as the dashboard builds it. */
function cacheFor(sim: Simulator, context = 'scaleguard-sim', opts: Partial<{ chunkSize: number; discoveryIntervalMs: number }> = {}): ClusterCache {
  const file = sim.writeKubeconfig(path.join(tmp, `${sim.port}-kubeconfig`));
  const loaded = loadKubeconfig(file);
  if (!loaded.ok) throw new Error(loaded.error);
  const cache = new ClusterCache(context, kubeConfigForContext(loaded, context), sim.httpsUrl, undefined, {
    chunkSize: opts.chunkSize ?? 500,
    discoveryIntervalMs: opts.discoveryIntervalMs ?? 60_000,
    notifyDelayMs: 10,
  });
  cache.start();
  return cache;
}

async function until(cache: ClusterCache, what: string, ok: (s: Snapshot) => boolean, timeoutMs = 20_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = cache.snapshot();
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; connection ${JSON.stringify(s.connection)}, kinds ${JSON.stringify(s.kinds)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function admin(sim: Simulator, method: string, apiPath: string, body?: unknown): Promise<Response> {
  return fetch(`${sim.url}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function deployment(name: string, namespace = 'default') {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels: { app: name } },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
}

const names = (s: Snapshot) => s.objects.deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
const caches: ClusterCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.stop()));

describe('ClusterCache against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'sim/testdata/addons.yaml', port: 0, bookmarkMs: 500 });
  });
  afterAll(() => sim.stop());

  it('lists in chunks, then follows the watch: creates, updates and deletes arrive', async () => {
    for (let i = 0; i < 7; i++) expect((await admin(sim, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment(`chunk-${i}`))).status).toBe(201);
    const cache = cacheFor(sim, 'scaleguard-sim', { chunkSize: 2 });
    caches.push(cache);
    const listed = ((await (await admin(sim, 'GET', '/apis/apps/v1/deployments')).json()) as { items: unknown[] }).items.length;
    const s = await until(cache, 'first sync', (x) => x.kinds.deployments.state === 'synced');
    expect(s.objects.deployments).toHaveLength(listed);
    expect(s.connection.state).toBe('connected');
    expect(s.cluster.version).toMatch(/^v1\.\d+/);
    // Ingest drops managedFields and fills apiVersion/kind on list items.
    expect(s.objects.deployments[0]).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(s.objects.deployments.every((d) => d.metadata.managedFields === undefined)).toBe(true);

    let notified = 0;
    cache.subscribe(() => notified++);
    await admin(sim, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('watched'));
    await until(cache, 'the created Deployment', (x) => names(x).includes('default/watched'));
    const patched = await fetch(`${sim.url}/apis/apps/v1/namespaces/default/deployments/watched`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas: 4 } }),
    });
    expect(patched.ok).toBe(true);
    await until(cache, 'the update', (x) => x.objects.deployments.some((d) => d.metadata.name === 'watched' && (d.spec as { replicas?: number }).replicas === 4));
    await admin(sim, 'DELETE', '/apis/apps/v1/namespaces/default/deployments/watched');
    await until(cache, 'the deletion', (x) => !names(x).includes('default/watched'));
    expect(notified).toBeGreaterThan(0);
  });

  it('relists after 410 Gone when the watch history it needs was compacted', async () => {
    const cache = cacheFor(sim);
    caches.push(cache);
    const first = await until(cache, 'first sync', (x) => x.kinds.deployments.state === 'synced' && x.kinds.hpas.state === 'synced');
    // Cut the connection, change things while the cache cannot see, and drop the history it would resume from.
    await admin(sim, 'POST', '/_sim/outage?seconds=2');
    await until(cache, 'stale during the outage', (x) => x.kinds.deployments.state === 'stale');
    const res = sim.api.resource('apps', 'v1', 'deployments')!;
    await sim.api.create(res, 'default', deployment('made-while-away'));
    sim.store.compact('apps/deployments');
    const s = await until(cache, 'relist after 410', (x) => x.kinds.deployments.state === 'synced' && names(x).includes('default/made-while-away'));
    expect(s.connection.state).toBe('connected');
    expect(s.kinds.deployments.listedAt! > first.kinds.deployments.listedAt!).toBe(true);
    // HPAs lost no history: their watch resumed from its resourceVersion without a relist.
    expect(s.kinds.hpas.listedAt).toBe(first.kinds.hpas.listedAt);
  });

  it('keeps the last data marked stale while the server is away, and recovers by itself', async () => {
    const cache = cacheFor(sim);
    caches.push(cache);
    const before = await until(cache, 'first sync', (x) => x.kinds.hpas.state === 'synced' && x.kinds.deployments.state === 'synced');
    const count = before.objects.deployments.length;
    await admin(sim, 'POST', '/_sim/outage?seconds=3');
    const down = await until(cache, 'unreachable', (x) => x.connection.state === 'unreachable' && x.kinds.deployments.state === 'stale');
    expect(down.objects.deployments).toHaveLength(count);
    expect(down.kinds.deployments.staleSince).toBeDefined();
    expect(down.connection.message).toMatch(/connection refused|closed the connection/);
    const up = await until(cache, 'recovery', (x) => x.connection.state === 'connected' && x.kinds.deployments.state === 'synced' && x.kinds.hpas.state === 'synced');
    expect(up.kinds.deployments.staleSince).toBeUndefined();
    // Resumed from the last resourceVersion, not relisted.
    expect(up.kinds.deployments.listedAt).toBe(before.kinds.deployments.listedAt);
  });
});

describe('add-ons that are not installed', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'e2e/fixtures/bare/scenario.yaml', port: 0 });
  });
  afterAll(() => sim.stop());

  it('reads an absent CRD as absent, and starts watching once it is installed', async () => {
    const cache = cacheFor(sim, 'scaleguard-sim', { discoveryIntervalMs: 300 });
    caches.push(cache);
    const s = await until(cache, 'first sync', (x) => x.kinds.deployments.state === 'synced');
    expect(s.kinds.scaledobjects.state).toBe('absent');
    expect(s.kinds.canaries.state).toBe('absent');
    expect(s.connection.state).toBe('connected');

    const { parseAllDocuments } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    for (const doc of parseAllDocuments(readFileSync('sim/crds/keda.yaml', 'utf8'))) {
      const crd = doc.toJS();
      if (crd) expect((await admin(sim, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status).toBe(201);
    }
    await until(cache, 'KEDA kinds watched', (x) => x.kinds.scaledobjects.state === 'synced' && x.kinds.scaledjobs.state === 'synced');
    expect(cache.snapshot().kinds.vpas.state).toBe('absent');
  });
});

describe('RBAC and bad configuration', () => {
  let sim: Simulator;
  beforeAll(async () => {
    const scenario = path.join(tmp, 'narrow.yaml');
    writeFileSync(scenario, `
apiVersion: sim.scaleguard.dev/v1alpha1
kind: User
metadata: { name: narrow }
spec: { token: narrow-token, groups: [narrow], context: narrow }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: deployments-only }
rules: [{ apiGroups: [apps], resources: [deployments], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: narrow }
subjects: [{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: narrow }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployments-only }
`);
    sim = await startSimulator({ scenario, port: 0 });
  });
  afterAll(() => sim.stop());

  it('marks a kind the user may not list as forbidden, with the server\'s reason, and still shows the rest', async () => {
    const cache = cacheFor(sim, 'narrow');
    caches.push(cache);
    const s = await until(cache, 'settled', (x) => x.kinds.deployments.state === 'synced' && x.kinds.hpas.state === 'forbidden');
    expect(s.kinds.hpas.message).toMatch(/User "narrow" cannot list resource "horizontalpodautoscalers" in API group "autoscaling" at the cluster scope/);
  });

  it('reports a malformed kubeconfig with its path instead of throwing', () => {
    const file = path.join(tmp, 'broken');
    writeFileSync(file, 'apiVersion: v1\nclusters: [ {name: broken\n');
    const loaded = loadKubeconfig(file);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error).toContain(file);
  });

  it('reports a kubeconfig without contexts, and a missing file', () => {
    const empty = path.join(tmp, 'empty');
    writeFileSync(empty, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    const a = loadKubeconfig(empty);
    expect(!a.ok && a.error).toMatch(/defines no contexts/);
    const b = loadKubeconfig(path.join(tmp, 'nope'));
    expect(!b.ok && b.error).toMatch(/Kubeconfig not found/);
  });
});
