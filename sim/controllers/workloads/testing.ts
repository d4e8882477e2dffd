/**
 * Test support for the workload, HPA and CronHPA controllers: a simulator on a ManualClock with
 * only the controllers under test, a scenario written inline as YAML, and small HTTP helpers.
 */
import { ManualClock } from '../../clock';
import { parseScenarioText, type ParsedScenario } from '../../scenario/load';
import { startTestCluster, type Json, type TestCluster } from '../../test/helpers';
import type { Controller } from '../runtime/controller';

export const T0 = '2026-11-22T00:00:00Z';

/** Parses multi-document scenario YAML (objects and simulation documents). */
export function scenarioFromYaml(yaml: string): ParsedScenario {
  const out: ParsedScenario = { settings: {}, users: [], docs: [], objects: [], files: ['inline.yaml'] };
  parseScenarioText(yaml, 'inline.yaml', out);
  return out;
}

export interface ControllerCluster extends TestCluster {
  clock: ManualClock;
  /** GET as admin; throws unless 200. */
  get(path: string): Promise<Json>;
  /** Sends `body` with `method`; throws unless 2xx. */
  send(method: string, path: string, body: unknown, contentType?: string): Promise<Json>;
  advance(ms: number): Promise<void>;
}

/** Starts the simulator with `controllers` on a ManualClock at {@link T0}. */
export async function startControllerCluster(controllers: Controller[], yaml = '', start = T0): Promise<ControllerCluster> {
  const clock = new ManualClock(start);
  const c = await startTestCluster({ scenario: yaml ? scenarioFromYaml(yaml) : undefined, controllers, clock });
  const check = (r: { status: number; text: string }, what: string) => {
    if (r.status < 200 || r.status > 299) throw new Error(`${what}: ${r.status} ${r.text}`);
  };
  return {
    ...c,
    clock,
    async get(path) {
      const r = await c.req('GET', path);
      check(r, `GET ${path}`);
      return r.body;
    },
    async send(method, path, body, contentType) {
      const r = await c.req(method, path, { body, contentType });
      check(r, `${method} ${path}`);
      await c.sim.settled();
      return r.body;
    },
    advance: (ms) => c.sim.advance(ms),
  };
}

/**
 * Events about one object, by first occurrence then resourceVersion (event names end in random hex,
 * so list order means nothing; an aggregated event's resourceVersion moves with its count).
 */
export async function eventsFor(c: ControllerCluster, namespace: string, name: string): Promise<{ reason: string; message: string; type: string; count: number; source: { component: string } }[]> {
  const list = await c.get(`/api/v1/namespaces/${namespace}/events?fieldSelector=involvedObject.name=${name}`);
  return [...list.items].sort((a: Json, b: Json) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}

/** A Deployment manifest with one container requesting `cpu` and `memory`. */
export function deploymentYaml(name: string, namespace: string, replicas: number, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }${extra}
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: nginx:1.27
          resources: { requests: { cpu: 500m, memory: 256Mi }, limits: { memory: 256Mi } }
`;
}
