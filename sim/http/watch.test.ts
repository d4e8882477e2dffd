import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, openWatch, startTestCluster, type TestCluster } from '../test/helpers';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ bookmarkMs: 50 });
});
afterAll(async () => c.close());

const CM = '/api/v1/namespaces/shop/configmaps';
const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });

describe('watch', () => {
  it('starts with the current state, then streams changes', async () => {
    const w = await openWatch(c, '/apis/apps/v1/namespaces/shop/deployments?watch=true');
    const first = await w.next();
    expect(first.type).toBe('ADDED');
    expect(first.object.metadata.name).toBe('web');
    await c.req('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { body: { spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
    const mod = await w.next();
    expect(mod.type).toBe('MODIFIED');
    expect(mod.object.spec.replicas).toBe(3);
    await c.req('POST', '/apis/apps/v1/namespaces/shop/deployments', { body: deployment('watched') });
    await c.req('DELETE', '/apis/apps/v1/namespaces/shop/deployments/watched');
    expect((await w.next()).type).toBe('ADDED');
    const del = await w.next();
    expect(del.type).toBe('DELETED');
    expect(del.object.metadata.name).toBe('watched');
    w.close();
  });

  it('resumes from a resourceVersion and replays exactly the later events', async () => {
    const a = await c.req('POST', CM, { body: cm('resume-a') });
    await c.req('POST', CM, { body: cm('resume-b') });
    await c.req('DELETE', `${CM}/resume-a`);
    const w = await openWatch(c, `${CM}?watch=true&resourceVersion=${a.body.metadata.resourceVersion}`);
    const e1 = await w.next();
    const e2 = await w.next();
    expect([e1.type, e1.object.metadata.name]).toEqual(['ADDED', 'resume-b']);
    expect([e2.type, e2.object.metadata.name]).toEqual(['DELETED', 'resume-a']);
    expect(Number(e2.object.metadata.resourceVersion)).toBeGreaterThan(Number(e1.object.metadata.resourceVersion));
    w.close();
  });

  it('sends periodic BOOKMARK events when asked', async () => {
    const list = await c.req('GET', CM);
    const w = await openWatch(c, `${CM}?watch=true&allowWatchBookmarks=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    const e = await w.next();
    expect(e.type).toBe('BOOKMARK');
    expect(e.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect(Number(e.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(list.body.metadata.resourceVersion));
    w.close();
  });

  it('answers a too-old resourceVersion with an ERROR event carrying 410 Expired on a 200 stream', async () => {
    await c.req('POST', CM, { body: cm('before-compaction') });
    const r = await c.req('POST', '/_sim/compact?resource=/configmaps');
    expect(r.status).toBe(200);
    const res = await fetch(`${c.sim.url}${CM}?watch=true&resourceVersion=1`, { headers: { Authorization: `Bearer ${c.sim.adminToken}` } });
    expect(res.status).toBe(200);
    const line = JSON.parse((await res.text()).trim());
    expect(line.type).toBe('ERROR');
    expect(line.object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    expect(line.object.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
  });

  it('shows objects entering and leaving a label selector as ADDED and DELETED', async () => {
    const w = await openWatch(c, `${CM}?watch=true&labelSelector=tier%3Dhot`);
    await c.req('POST', CM, { body: cm('mover') });
    await c.req('PATCH', `${CM}/mover`, { body: { metadata: { labels: { tier: 'hot' } } }, contentType: 'application/merge-patch+json' });
    const inn = await w.next();
    expect([inn.type, inn.object.metadata.name]).toEqual(['ADDED', 'mover']);
    await c.req('PATCH', `${CM}/mover`, { body: { metadata: { labels: { tier: 'cold' } } }, contentType: 'application/merge-patch+json' });
    const out = await w.next();
    expect([out.type, out.object.metadata.labels.tier]).toEqual(['DELETED', 'cold']);
    w.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const w = await openWatch(c, `${CM}?watch=true&timeoutSeconds=1&resourceVersion=0&sendInitialEvents=false`);
    await w.ended;
    w.close();
  });

  it('streams Table rows for kubectl get -w, column definitions only first', async () => {
    const ac = new AbortController();
    const res = await fetch(`${c.sim.url}/apis/apps/v1/namespaces/shop/deployments?watch=true`, { headers: { Authorization: `Bearer ${c.sim.adminToken}`, Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }, signal: ac.signal });
    const reader = res.body!.getReader();
    const first = JSON.parse(new TextDecoder().decode((await reader.read()).value).split('\n')[0]!);
    expect(first.type).toBe('ADDED');
    expect(first.object.kind).toBe('Table');
    expect(first.object.columnDefinitions.length).toBeGreaterThan(0);
    expect(first.object.rows).toHaveLength(1);
    ac.abort();
  });
});
