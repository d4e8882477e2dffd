/**
 * The example scenarios in sim/testdata/controllers/flagger/ with the simulated KEDA (webhook and
 * operator) and Flagger: seed 000 before and after flagger#1677, and flagger#1934.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { startSimulator, type Simulator } from '../../simulator';
import { TESTDATA, type Json } from '../../test/helpers';
import { kedaController } from '../keda';
import { flaggerController } from './controller';
import { instantRollouts } from './testing';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(file: string): Promise<Simulator> {
  sim = await startSimulator({ scenario: path.join(TESTDATA, 'controllers', 'flagger', file), port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [instantRollouts(), kedaController(), flaggerController()] });
  return sim;
}
async function get(p: string): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${sim!.url}${p}`, { headers: { Authorization: `Bearer ${sim!.adminToken}` } });
  return { status: r.status, body: (await r.json()) as Json };
}
const SO = '/apis/keda.sh/v1alpha1/namespaces/test/scaledobjects';
const warnings = async () => ((await get(`/api/v1/namespaces/test/events?fieldSelector=${encodeURIComponent('involvedObject.kind=Canary,type=Warning')}`)).body.items as Json[]).map((e) => e.message);

describe('example scenarios with the simulated KEDA', () => {
  it('seed-000-before-1677: KEDA’s webhook refuses podinfo-primary, the Canary reports it', async () => {
    await start('seed-000-before-1677.yaml');
    await sim!.advance(60_000);
    const w = await warnings();
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^creating Keda ScaledObject podinfo-primary\.test failed: admission webhook "vscaledobject\.kb\.io" denied the request: /);
    expect((await get(`${SO}/podinfo-primary`)).status).toBe(404);
    expect((await get('/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo')).body.status.phase).toBe('Succeeded');
  });

  it('seed-000-after-1677: podinfo-primary is admitted and adopts the HPA podinfo-primary', async () => {
    await start('seed-000-after-1677.yaml');
    await sim!.advance(60_000);
    expect((await warnings()).filter((m) => m.includes('ScaledObject'))).toEqual([]);
    const so = (await get(`${SO}/podinfo-primary`)).body;
    expect(so.metadata.annotations['scaledobject.keda.sh/transfer-hpa-ownership']).toBe('true');
    const hpa = (await get('/apis/autoscaling/v2/namespaces/test/horizontalpodautoscalers/podinfo-primary')).body;
    expect(hpa.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ScaledObject', name: 'podinfo-primary' })]);
  });

  it('flagger-1934: the new primary ScaledObject inherits paused-replicas', async () => {
    await start('flagger-1934.yaml');
    await sim!.advance(2 * 60_000);
    expect((await get('/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo')).body.status.phase).toBe('Initialized');
    const so = (await get(`${SO}/podinfo-primary`)).body;
    expect(so.metadata.annotations['autoscaling.keda.sh/paused-replicas']).toBe('0');
  });
});
