/** Shared setup of the KEDA controller tests: a simulator on a ManualClock with only KEDA running. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '@/lib/k8s/object';
import { ManualClock } from '../../clock';
import { parseScenarioText, type ParsedScenario } from '../../scenario/load';
import { startSimulator, type Simulator } from '../../simulator';
import type { Json } from '../../test/helpers';
import { kedaController } from './index';

export const T0 = '2026-11-22T00:00:00Z';

export interface KedaCluster {
  sim: Simulator;
  clock: ManualClock;
  kubeconfig: string;
  req(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<{ status: number; body: Json }>;
  get(kind: 'so' | 'hpa' | 'deploy', name: string, ns?: string): KubeObject | undefined;
  close(): Promise<void>;
}

const STORAGE = { so: 'keda.sh/scaledobjects', hpa: 'autoscaling/horizontalpodautoscalers', deploy: 'apps/deployments' } as const;

/** Starts KEDA (and nothing else) with `install: [keda]` plus the given documents (YAML or objects). */
export async function startKeda(docs: (string | Record<string, unknown>)[], settings: Record<string, unknown> = {}): Promise<KedaCluster> {
  const text = [
    YAML.stringify({ apiVersion: 'sim.scaleguard.dev/v1alpha1', kind: 'Scenario', metadata: { name: 'keda-test' }, spec: { install: ['keda'], controllers: { keda: settings } } }),
    ...docs.map((d) => (typeof d === 'string' ? d : YAML.stringify(d))),
  ].join('\n---\n');
  const scenario: ParsedScenario = { settings: {}, users: [], docs: [], objects: [], files: [] };
  parseScenarioText(text, 'keda-test.yaml', scenario);
  const clock = new ManualClock(T0);
  const sim = await startSimulator({ port: 0, clock, controllers: [kedaController()], scenario });
  const dir = mkdtempSync(path.join(tmpdir(), 'keda-test-'));
  const kubeconfig = sim.writeKubeconfig(path.join(dir, 'kubeconfig'));
  return {
    sim, clock, kubeconfig,
    async req(method, urlPath, body, contentType = 'application/json') {
      const r = await fetch(`${sim.url}${urlPath}`, { method, headers: { Authorization: `Bearer ${sim.adminToken}`, ...(body !== undefined ? { 'Content-Type': contentType } : {}) }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const t = await r.text();
      let parsed: Json;
      try {
        parsed = JSON.parse(t);
      } catch {
        parsed = t;
      }
      await sim.settled();
      return { status: r.status, body: parsed };
    },
    get(kind, name, ns = 'shop') {
      return sim.store.get(STORAGE[kind], ns, name);
    },
    async close() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Deployment with one container `app` (requests unless `noRequests`) and optional env. */
export function deployment(name: string, o: { replicas?: number; env?: unknown[]; noRequests?: boolean; containers?: unknown[] } = {}): Record<string, unknown> {
  const app = { name: 'app', image: 'example/app:1', ...(o.env ? { env: o.env } : {}), ...(o.noRequests ? {} : { resources: { requests: { cpu: '100m', memory: '64Mi' } } }) };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' },
    spec: { replicas: o.replicas ?? 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: o.containers ?? [app] } } },
  };
}

/** A ScaledObject in namespace shop. */
export function scaledObject(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name, namespace: 'shop', ...(annotations ? { annotations } : {}) }, spec };
}

export const SO_PATH = '/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects';
export const HPA_PATH = '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers';

export function condition(obj: KubeObject | undefined, type: string): Json {
  const conds = (obj?.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? [];
  return conds.find((c) => c.type === type);
}
