import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, rfc3339 } from './clock';
import { startTestCluster, type TestCluster } from './test/helpers';

describe('ManualClock', () => {
  it('moves only when told, never backward', () => {
    const c = new ManualClock('2026-03-01T10:00:00Z');
    c.advance(1500);
    expect(rfc3339(c.now())).toBe('2026-03-01T10:00:01Z');
    expect(() => c.advance(-1)).toThrow(RangeError);
    c.set('2027-01-01T00:00:00Z');
    expect(rfc3339(c.now())).toBe('2027-01-01T00:00:00Z');
  });
});

describe('the simulator on an injected clock', () => {
  const clock = new ManualClock('2026-05-01T08:00:00Z');
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ clock, continueTtlMs: 60_000 });
  });
  afterAll(async () => c.close());

  it('stamps objects with the clock and ages them by it', async () => {
    const created = await c.req('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'timed' } } });
    expect(created.body.metadata.creationTimestamp).toBe('2026-05-01T08:00:00Z');
    clock.advance(3 * 3600_000 + 20 * 60_000);
    const t = await c.req('GET', '/api/v1/namespaces/shop/configmaps/timed', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    expect(t.body.rows[0].cells).toEqual(['timed', 0, '3h20m']);
  });

  it('expires continue tokens when the clock passes their lifetime', async () => {
    const first = await c.req('GET', '/api/v1/namespaces?limit=1');
    const ok = await c.req('GET', `/api/v1/namespaces?limit=1&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(ok.status).toBe(200);
    clock.advance(61_000);
    const gone = await c.req('GET', `/api/v1/namespaces?limit=1&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(gone.status).toBe(410);
  });
});
