/** The example scenarios in sim/testdata/controllers/vpa/ load, and the VPA components read them. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { startSimulator, type Simulator } from '../../simulator';
import { TESTDATA, type Json } from '../../test/helpers';
import { vpaAdmissionController } from './admission';
import { kubeletResize } from './kubelet';
import { vpaRecommender } from './recommender';
import { vpaUpdater } from './updater';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('VPA example scenarios', () => {
  it.each([['in-place-outcomes.yaml', 'ml', 'recommender'], ['recreate.yaml', 'shop', 'checkout']])('%s loads with the VPA webhook installed', async (file, ns, name) => {
    sim = await startSimulator({ scenario: path.join(TESTDATA, 'controllers', 'vpa', file), port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [vpaAdmissionController(), vpaRecommender(), vpaUpdater(), kubeletResize()] });
    await sim.advance(60_000);
    const r = await fetch(`${sim.url}/apis/autoscaling.k8s.io/v1/namespaces/${ns}/verticalpodautoscalers/${name}`, { headers: { Authorization: `Bearer ${sim.adminToken}` } });
    const vpa = (await r.json()) as Json;
    // No workloads controller here, so no pods: the recommender says so.
    expect(vpa.status.conditions.map((c: Json) => c.type)).toEqual(['NoPodsMatched', 'RecommendationProvided']);
    const hooks = await fetch(`${sim.url}/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/vpa-webhook-config`, { headers: { Authorization: `Bearer ${sim.adminToken}` } });
    expect(((await hooks.json()) as Json).webhooks[0]).toMatchObject({ name: 'vpa.k8s.io', clientConfig: { service: { namespace: 'kube-system', name: 'vpa-webhook' } } });
  });
});
