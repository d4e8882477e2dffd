import 'server-only';
/**
 * The two HPA → KEDA migrations as test cases over the simulator, and what tests compare before
 * and after: the HPAs a migration moves and the Canary's autoscalerRef, read as the admin.
 */
import type { ActionId } from '@/lib/actions';
import type { KubeObject } from '@/lib/k8s/object';
import { decodeRecord, type MigrationRecord } from '@/lib/plans/record';
import type { PlanTarget } from '@/lib/plans/types';
import type { MigrationService } from '../service';
import type { Harness } from './harness';

export interface MigrationCase {
  name: string;
  scenario: string;
  type: ActionId;
  target: PlanTarget;
  /** The HPAs the migration moves, as the cluster has them before it. */
  hpas: string[];
  canary?: string;
  /** Simulated time before planning (Flagger initialises the Canary). */
  settleMs: number;
}

export const MIGRATION_CASES: MigrationCase[] = [
  { name: 'hpa-to-scaledobject on shop/catalog', scenario: 'sim/scenarios/demo', type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'catalog' }, hpas: ['catalog'], settleMs: 60_000 },
  { name: 'canary-hpa-to-scaledobject on delivery/podinfo, Flagger 1.44.0', scenario: 'sim/scenarios/demo', type: 'canary-hpa-to-scaledobject', target: { namespace: 'delivery', kind: 'Canary', name: 'podinfo' }, hpas: ['podinfo', 'podinfo-primary'], canary: 'podinfo', settleMs: 180_000 },
  { name: 'canary-hpa-to-scaledobject on delivery/podinfo, Flagger 1.37.0', scenario: 'e2e/fixtures/flagger-1.37', type: 'canary-hpa-to-scaledobject', target: { namespace: 'delivery', kind: 'Canary', name: 'podinfo' }, hpas: ['podinfo', 'podinfo-primary'], canary: 'podinfo', settleMs: 180_000 },
];

/** What a rollback must give back, field by field. */
export interface Originals {
  hpas: Record<string, { spec: unknown; ownerReferences: unknown; labels: unknown }>;
  autoscalerRef?: unknown;
  /** Names of the HPAs scaling each workload the migration touches. */
  hpasOn: Record<string, string[]>;
}

export async function getObject(h: Harness, apiPath: string): Promise<KubeObject | undefined> {
  const res = await h.admin('GET', apiPath);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${apiPath}: ${res.status}`);
  return (await res.json()) as KubeObject;
}

const hpaPath = (ns: string, name: string) => `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/${name}`;

/** HPAs whose scaleTargetRef names `workload` (two on one would fight). */
async function hpasScaling(h: Harness, ns: string, workload: string): Promise<string[]> {
  const res = await h.admin('GET', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`);
  const list = (await res.json()) as { items: KubeObject[] };
  return list.items.filter((o) => (o.spec as { scaleTargetRef?: { name?: string } }).scaleTargetRef?.name === workload).map((o) => o.metadata.name ?? '').sort();
}

export async function readOriginals(h: Harness, c: MigrationCase): Promise<Originals> {
  const ns = c.target.namespace;
  const hpas: Originals['hpas'] = {};
  const hpasOn: Originals['hpasOn'] = {};
  for (const name of c.hpas) {
    const o = await getObject(h, hpaPath(ns, name));
    if (!o) throw new Error(`HPA ${ns}/${name} missing`);
    hpas[name] = { spec: o.spec, ownerReferences: o.metadata.ownerReferences ?? [], labels: o.metadata.labels ?? {} };
    const workload = (o.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name;
    hpasOn[workload] = await hpasScaling(h, ns, workload);
  }
  const canary = c.canary ? await getObject(h, `/apis/flagger.app/v1beta1/namespaces/${ns}/canaries/${c.canary}`) : undefined;
  return { hpas, hpasOn, ...(canary ? { autoscalerRef: (canary.spec as { autoscalerRef: unknown }).autoscalerRef } : {}) };
}

/** The migration's record as stored in the cluster. */
export async function storedRecord(h: Harness, ns: string, id: string): Promise<{ record: MigrationRecord; lease?: { holder: string } }> {
  const cm = await getObject(h, `/api/v1/namespaces/${ns}/configmaps/scaleguard-migration-${id}`);
  if (!cm) throw new Error(`record ${id} missing`);
  const d = decodeRecord({ metadata: cm.metadata, data: cm.data });
  if (!d.ok) throw new Error(d.error);
  return d;
}

/** Waits until `svc` took over the work a dead process left running (its lease expired), and for it to finish. */
export async function takeOver(h: Harness, svc: MigrationService, ns: string, id: string): Promise<void> {
  const holder = svc.ctx.holder;
  while ((await storedRecord(h, ns, id)).lease?.holder !== holder) {
    const rec = (await storedRecord(h, ns, id)).record;
    if (rec.rollback?.state !== 'running' && !rec.steps.some((s) => s.state === 'running' || s.state === 'waiting')) return;
    await new Promise((r) => setTimeout(r, 200));
    await svc.resumeAll();
  }
  await h.drive(svc.idle());
}

/** Runs step `k` with `svc` and waits until it finished; returns the step's state. */
export async function runStep(h: Harness, svc: MigrationService, id: string, k: number, confirm?: string): Promise<string> {
  await svc.advance(id, confirm);
  await h.drive(svc.idle());
  const m = await svc.get(id);
  return m?.steps[k]?.state ?? 'missing';
}

/** Polls (driving the simulator) until the originals read back equal, or gives up after a while. */
export async function settleTo(h: Harness, c: MigrationCase, original: Originals): Promise<void> {
  await h.drive((async () => {
    for (let i = 0; i < 100 && JSON.stringify(await readOriginals(h, c)) !== JSON.stringify(original); i++) await new Promise((r) => setTimeout(r, 100));
  })());
}
