import 'server-only';
/**
 * The KEDA page's data: every ScaledObject and ScaledJob from the informer cache (rows built once
 * per snapshot), the installation panel (with the cached webhook and metrics-API facts), one
 * ScaledObject in detail (with current trigger values from `external.metrics.k8s.io`), and its
 * replica timeline from the recorded history.
 */
import { buildKeda, scaledObjectRow, type KedaDto, type ScaledObjectRowDto } from '@/lib/dto/keda';
import { buildScaledObjectDetail, metricQueries, type ScaledObjectDetailDto } from '@/lib/dto/keda-detail';
import type { MetricValueDto } from '@/lib/dto/keda-activation';
import { buildKedaInstallation, type KedaInstallationDto } from '@/lib/dto/keda-install';
import type { KedaTimelineDto } from '@/lib/dto/keda-timeline';
import { ScaledObject } from '@/lib/k8s/scaled-object';
import { Snapshot } from '@/lib/snapshot';
import { indexOf } from '@/lib/snapshot-index';
import type { ClusterCache } from './cluster/cluster-cache';
import { findingsFor, findingsOf } from './findings';
import { historyStore, ruleHistory } from './history';
import { kedaActivity, recordKedaActivity } from './keda-activity';
import { externalMetricValue, kedaFacts } from './keda-lookups';
import { graphOf } from './views';

type Lists = Pick<KedaDto, 'scaledObjects' | 'scaledJobs'>;
/** Rows per snapshot, rebuilt when the findings of that snapshot are recomputed. */
const listsMemo = new WeakMap<Snapshot, { findings: readonly unknown[]; lists: Lists }>();

async function installationOf(cache: ClusterCache, s: Snapshot): Promise<KedaInstallationDto> {
  const facts = await kedaFacts(cache.context);
  return buildKedaInstallation(s, Snapshot.componentInstalled(s, 'keda'), facts.webhook, facts.metrics);
}

/** `GET /api/v1/scaledobjects` and the `/keda` page (optionally one namespace). */
export async function kedaView(cache: ClusterCache, namespace?: string): Promise<KedaDto> {
  recordKedaActivity(cache);
  const s = cache.snapshot();
  const installation = await installationOf(cache, s);
  const findings = findingsOf(s);
  let hit = listsMemo.get(s);
  if (!hit || hit.findings !== findings) {
    const built = buildKeda(s, graphOf(s), findings, installation, '');
    listsMemo.set(s, (hit = { findings, lists: { scaledObjects: built.scaledObjects, scaledJobs: built.scaledJobs } }));
  }
  const { scaledObjects, scaledJobs } = hit.lists;
  const inNs = <T extends { namespace: string }>(xs: T[]) => (namespace ? xs.filter((x) => x.namespace === namespace) : xs);
  return { context: s.context, installation, scaledObjects: inNs(scaledObjects), scaledJobs: inNs(scaledJobs), generatedAt: new Date().toISOString() };
}

/** One ScaledObject's row from the cache, or undefined. */
export function scaledObjectRowOf(cache: ClusterCache, namespace: string, name: string): ScaledObjectRowDto | undefined {
  const s = cache.snapshot();
  const so = indexOf(s).get('scaledobjects', namespace, name);
  return so ? scaledObjectRow(s, graphOf(s), so, findingsOf(s)) : undefined;
}

/** One ScaledObject in detail; undefined when it is not in the cache. */
export async function scaledObjectDetail(cache: ClusterCache, namespace: string, name: string): Promise<ScaledObjectDetailDto | undefined> {
  recordKedaActivity(cache);
  const s = cache.snapshot();
  const so = indexOf(s).get('scaledobjects', namespace, name);
  if (!so) return undefined;
  const graph = graphOf(s);
  const findings = findingsOf(s);
  const row = scaledObjectRow(s, graph, so, findings);
  const [installation, valueList, findingPage, refresh, restart] = await Promise.all([
    installationOf(cache, s),
    Promise.all(metricQueries(so, row).map(async (q) => [q.index, await externalMetricValue(cache.context, namespace, name, q.metricName)] as const)),
    findingsFor(cache, { namespace }),
    cache.access.action('scaledobject-refresh', namespace),
    cache.access.action('keda-operator-restart', namespace),
  ]);
  const values = new Map<number, MetricValueDto>(valueList);
  if (installation.externalMetrics.state === 'not-served') {
    for (const t of row.triggers) if (!t.resource && !values.has(t.index)) values.set(t.index, { state: 'unknown', reason: 'external.metrics.k8s.io is not served' });
  }
  const about = findingPage.items.filter((f) => f.subjects.some((x) => x.kind === 'ScaledObject' && x.namespace === namespace && x.name === name));
  return buildScaledObjectDetail(s, so, {
    graph, history: ruleHistory(cache.context), values, findings, findingDtos: about,
    actions: [refresh, restart], installation, now: new Date().toISOString(),
  });
}

/** The replica timeline of a ScaledObject over the last `hours`; undefined when it is not in the cache. */
export function scaledObjectTimeline(cache: ClusterCache, namespace: string, name: string, hours: number): KedaTimelineDto | undefined {
  recordKedaActivity(cache);
  const s = cache.snapshot();
  const so = indexOf(s).get('scaledobjects', namespace, name);
  if (!so) return undefined;
  const t = ScaledObject.scaleTarget(so);
  const workload = { namespace, kind: t?.kind ?? 'Deployment', name: t?.name ?? '' };
  const since = new Date(Date.now() - hours * 3_600_000).toISOString();
  const store = historyStore();
  const activity = kedaActivity(cache.context, namespace, name, since);
  const idle = ScaledObject.idleReplicas(so);
  return {
    ref: { namespace, name },
    workload,
    samples: store.samples({ context: cache.context, ...workload }, since),
    activity,
    bounds: { min: ScaledObject.minReplicas(so), max: ScaledObject.maxReplicas(so), ...(idle !== undefined ? { idle } : {}) },
    ...(activity[0] ? { activitySince: activity[0].at } : {}),
    retentionDays: store.retentionDays,
    generatedAt: new Date().toISOString(),
  };
}
