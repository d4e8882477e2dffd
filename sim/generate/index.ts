/**
 * `--generate N`: a cluster of N Deployments with the mix of design §10 (per 10,000 Deployments
 * about 6,000 HPAs — half of them KEDA's —, 3,000 ScaledObjects, 2,000 VPAs, 500 CronHPAs and 500
 * Canaries) over N/50 team namespaces, for benchmarks. Objects are written straight into the store
 * (defaults applied, custom resources checked against their CRD schemas), already settled, with
 * managedFields as long-lived objects carry them. A few percent are conflicts: two HPAs on one
 * Deployment, an HPA beside a ScaledObject, a VPA in Auto beside a CPU HPA, CronHPAs that bypass
 * their HPA. The same N and seed give the same cluster.
 */
import type { KubeObject } from '@/lib/k8s/object';
import type { ApiServer } from '../apiserver/api-server';
import { rfc3339 } from '../clock';
import type { ParsedScenario } from '../scenario/load';
import { canary, cronHpa, load, nativeHpa, scaledObject, vpa } from './autoscalers';
import { Gen } from './random';
import { deployment, deploymentName, namespaceName, namespaces, type GeneratedDeployment } from './workloads';

export interface GenerateOptions {
  seed?: number;
  /** Simulate pods (default: only up to 1,000 Deployments). Without, workloads report ready replicas and HPAs measure virtual pods. */
  pods?: boolean;
  /** Creation time of every object (default: now). */
  now?: number;
}

export interface GeneratedCluster {
  /** Settings (add-ons, controller settings) and `Load` documents; objects are loaded by {@link loadGenerated}. */
  scenario: ParsedScenario;
  objects: KubeObject[];
  counts: Record<string, number>;
}

export function generateCluster(n: number, opts: GenerateOptions = {}): GeneratedCluster {
  const g = new Gen(opts.seed ?? 1);
  const now = rfc3339(opts.now ?? Date.now());
  const pods = opts.pods ?? n <= 1000;
  const nsCount = Math.max(1, Math.ceil(n / 50));
  const objects: KubeObject[] = namespaces(nsCount, now);
  const docs: ParsedScenario['docs'] = [];
  const taken = new Map<string, Set<string>>();
  const deployments: GeneratedDeployment[] = [];
  for (let i = 0; i < n; i++) {
    const ns = namespaceName(i % nsCount);
    const names = taken.get(ns) ?? new Set<string>();
    taken.set(ns, names);
    // A third carry the managedFields of objects that went through several tools and deploys.
    deployments.push(deployment(g, ns, ns.replace(/-\d+$/, ''), deploymentName(g, names), now, g.chance(0.35)));
  }
  for (const d of deployments) objects.push(d.object, d.replicaSet);

  const order = g.shuffle(deployments);
  const native = order.slice(0, Math.round(n * 0.3));
  const keda = order.slice(native.length, native.length + Math.round(n * 0.3));
  const hpaOf = new Map<GeneratedDeployment, string>();
  const add = (o: KubeObject) => objects.push(o);
  for (const d of native) {
    const h = nativeHpa(g, d, d.object.metadata.name!, now, g.chance(0.35));
    add(h.hpa);
    hpaOf.set(d, h.hpa.metadata.name!);
    docs.push(load(g, d, h.cpuTarget, h.withMemory, docs.length));
  }
  // 2 %: a second HPA on the same Deployment (AmbiguousSelector).
  for (const d of native.slice(0, Math.round(native.length * 0.02))) add(nativeHpa(g, d, `${d.object.metadata.name}-memory`, now, false).hpa);
  for (const d of keda) {
    const s = scaledObject(g, d, now, g.chance(0.35));
    add(s.so);
    add(s.hpa);
    if (s.cpu) docs.push(load(g, d, 70, false, docs.length));
  }
  // 2 %: an HPA of its own beside the ScaledObject.
  for (const d of keda.slice(0, Math.round(keda.length * 0.02))) add(nativeHpa(g, d, d.object.metadata.name!, now, false).hpa);
  // VPAs on a fifth of the Deployments; those on a natively autoscaled one run in Auto.
  const nativeSet = new Set(native);
  for (const d of g.shuffle(deployments).slice(0, Math.round(n * 0.2))) add(vpa(g, d, nativeSet.has(d) && g.chance(0.3), now));
  const cronTargets = native.slice(native.length - Math.round(n * 0.05));
  cronTargets.forEach((d, i) => add(cronHpa(g, d, hpaOf.get(d)!, i % 4 !== 0, now)));
  const canaryTargets = native.slice(Math.round(native.length * 0.02), Math.round(native.length * 0.02) + Math.round(n * 0.05)).filter((d) => !cronTargets.includes(d));
  for (const d of canaryTargets) add(canary(g, d, hpaOf.get(d)!, now));

  const counts: Record<string, number> = {};
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  const scenario: ParsedScenario = {
    settings: {
      install: ['keda', 'flagger', 'vpa', 'cronhpa'],
      controllers: pods ? {} : { replicaset: { pods: false }, statefulset: { pods: false }, hpa: { virtualPods: true } },
    },
    settingsOrigin: { file: `generate ${n}`, index: 0 },
    users: [], docs, objects: [], files: [],
  };
  return { scenario, objects, counts };
}

/** Writes generated objects straight into the store: built-in defaults, CRD schemas, no admission. */
export function loadGenerated(api: ApiServer, objects: KubeObject[]): void {
  for (const original of objects) {
    const res = api.resourceFor(original.apiVersion, original.kind);
    if (!res) throw new Error(`generate: no resource serves ${original.apiVersion} ${original.kind} (is its add-on installed?)`);
    let o = JSON.parse(JSON.stringify(original)) as KubeObject;
    if (res.strategy.admit) {
      const admitted = res.strategy.admit(o as never);
      if (admitted.errors.length) throw new Error(`generate: ${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${admitted.errors.map((e) => e.message).join('; ')}`);
      o = admitted.object as unknown as KubeObject;
    } else res.strategy.defaults?.(o as never, undefined);
    if (!api.store.get(res.storage, res.namespaced ? o.metadata.namespace : undefined, o.metadata.name!)) api.store.create(res.storage, o);
  }
}

/** A one-line summary for the CLI: `10000 Deployments, 6120 HPAs, …`. */
export function describeCounts(counts: Record<string, number>): string {
  const label: Record<string, string> = { Namespace: 'namespaces', Deployment: 'Deployments', ReplicaSet: 'ReplicaSets', HorizontalPodAutoscaler: 'HPAs', ScaledObject: 'ScaledObjects', VerticalPodAutoscaler: 'VPAs', CronHorizontalPodAutoscaler: 'CronHPAs', Canary: 'Canaries' };
  return Object.entries(counts).map(([k, v]) => `${v} ${label[k] ?? k}`).join(', ');
}
