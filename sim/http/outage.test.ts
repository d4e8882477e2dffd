import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openWatch, startTestCluster, type TestCluster } from '../test/helpers';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => c.close());

const reachable = async (): Promise<boolean> => {
  try {
    return (await fetch(`${c.sim.url}/readyz`)).ok;
  } catch {
    return false;
  }
};

describe('/_sim/outage', () => {
  it('drops open watches, stops listening, then serves again on the same port', async () => {
    const w = await openWatch(c, '/api/v1/namespaces/shop/configmaps?watch=true');
    const r = await c.req('POST', '/_sim/outage?seconds=1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outage: true, seconds: 1, port: c.sim.port });
    await w.ended;
    await eventually(async () => !(await reachable()));
    await eventually(async () => reachable(), 400);
    expect((await c.req('GET', '/api/v1/namespaces/shop')).status).toBe(200);
  });

  it('is refused to anyone but the admin and validates its input', async () => {
    expect((await c.req('POST', '/_sim/outage?seconds=1', { token: c.sim.tokenOf('viewer') })).status).toBe(403);
    expect((await c.req('POST', '/_sim/outage?seconds=-4')).status).toBe(400);
  });
});
