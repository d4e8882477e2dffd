/**
 * What the migration journeys check outside the browser: objects in the simulator, findings and
 * replicas from the dashboard's API, sampled while a migration runs.
 */
import { expect } from '@playwright/test';
import type { FindingsDto } from '@/lib/dto/findings';
import type { HistoryDto } from '@/lib/history/types';
import type { WorkloadsDto } from '@/lib/dto/workloads';
import { simRequest } from './sim';

interface Obj {
  metadata: { name: string; ownerReferences?: { kind: string; name: string }[]; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** An object from a simulator (the demo's by default), or undefined on 404. */
export async function getObject(apiPath: string, request: typeof simRequest = simRequest): Promise<Obj | undefined> {
  const res = await request('GET', apiPath);
  if (res.status === 404) return undefined;
  expect(res.ok, `GET ${apiPath}: ${res.status}`).toBe(true);
  return (await res.json()) as Obj;
}

export const hpaPath = (ns: string, name: string) => `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/${name}`;
export const scaledObjectPath = (ns: string, name: string) => `/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects/${name}`;
export const canaryPath = (ns: string, name: string) => `/apis/flagger.app/v1beta1/namespaces/${ns}/canaries/${name}`;

/** `ScaledObject/podinfo` for each owner reference. */
export function owners(o: Obj | undefined): string[] {
  return (o?.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);
}

/** Waits until the Canary is idle (Flagger has initialised it), so a canary migration may start. */
export async function waitForIdleCanary(ns: string, name: string, request: typeof simRequest = simRequest, timeoutMs = 5 * 60_000): Promise<void> {
  await expect.poll(async () => String((await getObject(canaryPath(ns, name), request))?.status?.phase), { timeout: timeoutMs, intervals: [2000] })
    .toMatch(/^(Initialized|Succeeded)$/);
}

/** Findings of the dashboard at `baseURL` whose subjects name one of `names` in `ns`. */
export async function findingsOn(baseURL: string, ns: string, names: string[], context?: string): Promise<string[]> {
  const res = await fetch(`${baseURL}/api/v1/findings?namespace=${ns}${context ? `&context=${context}` : ''}`);
  expect(res.ok).toBe(true);
  const body = (await res.json()) as FindingsDto;
  // Any finding filed in the namespace that names one of the workloads (or their HPAs/ScaledObjects).
  return body.items.filter((f) => f.subjects.some((s) => s.namespace === ns && names.includes(s.name))).map((f) => `${f.rule}: ${f.message}`);
}

/**
 * Samples the desired replicas of some workloads from `GET /api/v1/workloads` every second, as a
 * user watching the dashboard would see them, so a test can say they never left the HPA's bounds.
 */
export class ReplicaSampler {
  readonly samples = new Map<string, number[]>();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(private readonly baseURL: string, private readonly ns: string, private readonly names: string[]) {
    for (const n of names) this.samples.set(n, []);
  }

  start(): this {
    const tick = async () => {
      try {
        const res = await fetch(`${this.baseURL}/api/v1/workloads?namespace=${this.ns}&limit=1000`);
        const body = (await res.json()) as WorkloadsDto;
        for (const r of body.items) this.samples.get(r.name)?.push(r.replicas.desired);
      } catch {
        this.failures++;
      }
      this.timer = setTimeout(tick, 1000);
    };
    void tick();
    return this;
  }

  stop(): Map<string, number[]> {
    clearTimeout(this.timer);
    return this.samples;
  }

  /** Every sample of `name` satisfies `allowed`, and there are at least `min` of them. */
  expectWithin(name: string, allowed: (n: number) => boolean, bounds: string, min = 5): void {
    const got = this.samples.get(name) ?? [];
    expect(got.length, `samples of ${name} (fetch failures: ${this.failures})`).toBeGreaterThanOrEqual(min);
    expect(got.filter((n) => !allowed(n)), `replicas of ${this.ns}/${name} outside ${bounds}: ${got.join(' ')}`).toEqual([]);
  }
}

/**
 * Desired replicas of a workload as the dashboard recorded them (on every change it saw) since
 * `since` (epoch ms), starting with the value in effect at that moment.
 */
export async function recordedReplicas(baseURL: string, ns: string, kind: string, name: string, since: number): Promise<number[]> {
  const res = await fetch(`${baseURL}/api/v1/history/${ns}/${kind}/${name}?hours=2`);
  expect(res.ok, `history of ${ns}/${name}: ${res.status}`).toBe(true);
  const samples = ((await res.json()) as HistoryDto).samples.slice().sort((a, b) => a.at.localeCompare(b.at));
  const before = samples.filter((x) => Date.parse(x.at) < since).at(-1);
  return [...(before ? [before] : []), ...samples.filter((x) => Date.parse(x.at) >= since)].map((x) => x.desired);
}

/** The CSRF cookie the dashboard set for this browser, and the headers a same-origin write carries. */
export async function writeHeaders(cookies: { name: string; value: string }[]): Promise<Record<string, string>> {
  const csrf = cookies.find((c) => c.name === 'scaleguard_csrf')?.value;
  expect(csrf, 'scaleguard_csrf cookie').toBeTruthy();
  return { 'x-scaleguard-csrf': csrf!, 'Content-Type': 'application/json' };
}
