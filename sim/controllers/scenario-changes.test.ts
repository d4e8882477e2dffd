import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { parseScenarioText, type ParsedScenario } from '../scenario/load';
import { startSimulator, type Simulator } from '../simulator';
import { kedaController } from './keda';
import { scenarioChangesController } from './scenario-changes';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function scenario(text: string): ParsedScenario {
  const s: ParsedScenario = { settings: { install: ['keda'] }, users: [], docs: [], objects: [], files: [] };
  parseScenarioText(text, 'changes.yaml', s);
  return s;
}

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: consumer, namespace: streaming, labels: { app: consumer } }
spec:
  selector: { matchLabels: { app: consumer } }
  template:
    metadata: { labels: { app: consumer } }
    spec: { containers: [{ name: consumer, image: c:1, env: [{ name: GROUP, value: v1 }, { name: BROKERS, value: k:9092 }] }] }
`;

it('applies a Change at its simulated time as a strategic merge patch', async () => {
  sim = await startSimulator({ port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [scenarioChangesController()], scenario: scenario(`${deployment}
---
apiVersion: sim.scaleguard.dev/v1alpha1
kind: Change
metadata: { name: rename-group }
spec:
  at: 3m
  target: { apiVersion: apps/v1, kind: Deployment, namespace: streaming, name: consumer }
  patch: { spec: { template: { spec: { containers: [{ name: consumer, env: [{ name: GROUP, value: v2 }] }] } } } }
`) });
  const env = () => (sim!.api.get(sim!.api.resourceFor('apps/v1', 'Deployment')!, 'streaming', 'consumer').spec as { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } }).template.spec.containers[0]!.env;
  await sim.advance(2 * 60_000);
  expect(env()).toContainEqual({ name: 'GROUP', value: 'v1' });
  await sim.advance(60_000);
  // Strategic merge by env name: GROUP replaced, BROKERS kept (kubectl set env does the same).
  expect(env()).toEqual(expect.arrayContaining([{ name: 'GROUP', value: 'v2' }, { name: 'BROKERS', value: 'k:9092' }]));
});

it('loads an object "applied while the webhooks were down", without the simulator annotation', async () => {
  const so = (name: string, annotate: boolean) => `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: ${name}, namespace: streaming${annotate ? ', annotations: { sim.scaleguard.dev/applied-while-webhooks-down: "true" }' : ''} }
spec: { scaleTargetRef: { name: consumer }, minReplicaCount: 1, triggers: [{ type: kafka, metadata: { bootstrapServers: "k:9092", consumerGroup: g, topic: t, lagThreshold: "5" } }] }`;
  // Without the annotation KEDA's webhook refuses the second ScaledObject for one workload.
  await expect(startSimulator({ port: 0, clock: new ManualClock(), controllers: [kedaController()], scenario: scenario(`${deployment}\n---${so('a', false)}\n---${so('b', false)}`) }))
    .rejects.toThrow(/already managed by the ScaledObject 'a'/);
  sim = await startSimulator({ port: 0, clock: new ManualClock(), controllers: [kedaController()], scenario: scenario(`${deployment}\n---${so('a', false)}\n---${so('b', true)}`) });
  const b = sim.api.get(sim.api.resourceFor('keda.sh/v1alpha1', 'ScaledObject')!, 'streaming', 'b');
  expect(b.metadata.annotations ?? {}).not.toHaveProperty('sim.scaleguard.dev/applied-while-webhooks-down');
});
