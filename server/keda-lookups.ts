import 'server-only';
/**
 * The few things the KEDA page needs that the informer cache does not hold, read through the
 * context's credentials (the caller in local mode) and cached so page views cost no API request
 * in steady state: whether KEDA's admission webhook is registered, whether `external.metrics.k8s.io`
 * is served, and a trigger's current value from KEDA's metrics server (a GET per ScaledObject
 * metric, cached for a few seconds, a bounded number in flight). Never reads Secrets; never uses
 * simulator-only endpoints.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { parseQuantity } from '@/lib/k8s/quantity';
import type { MetricValueDto } from '@/lib/dto/keda-activation';
import type { ExternalMetricsFacts, WebhookFacts } from '@/lib/dto/keda-install';
import { SCALED_OBJECT_NAME_LABEL } from '@/lib/keda/names';
import { ApiRequestError, getJson } from './cluster/http';
import { kubeConfigForContext, loadKubeconfig, type LoadedKubeconfig } from './cluster/kubeconfig';
import { config } from './config';

const FACTS_TTL_MS = 30_000;
const VALUE_TTL_MS = 5_000;
const VALUE_TIMEOUT_MS = 3_000;
const MAX_IN_FLIGHT = 8;
const MAX_ENTRIES = 2_000;
const KEDA_WEBHOOK = 'vscaledobject.kb.io';

interface Entry<T> { at: number; value: Promise<T> }

interface State {
  loaded?: { stamp: string; value: LoadedKubeconfig };
  configs: Map<string, KubeConfig>;
  facts: Map<string, Entry<{ webhook: WebhookFacts; metrics: ExternalMetricsFacts }>>;
  values: Map<string, Entry<MetricValueDto>>;
  inFlight: number;
  queue: (() => void)[];
}

const KEY = Symbol.for('scaleguard.keda-lookups');

function state(): State {
  const g = globalThis as typeof globalThis & { [KEY]?: State };
  g[KEY] ??= { configs: new Map(), facts: new Map(), values: new Map(), inFlight: 0, queue: [] };
  return g[KEY];
}

/** The context's KubeConfig, reloaded when the kubeconfig file changes. */
function kubeConfig(context: string): KubeConfig | undefined {
  const s = state();
  const fresh = loadKubeconfig(config().kubeconfig);
  if (!s.loaded || s.loaded.stamp !== fresh.stamp) {
    s.loaded = { stamp: fresh.stamp, value: fresh };
    s.configs.clear();
  }
  const loaded = s.loaded.value;
  if (!loaded.ok || !loaded.contexts.some((c) => c.name === context)) return undefined;
  let kc = s.configs.get(context);
  if (!kc) s.configs.set(context, (kc = kubeConfigForContext(loaded, context)));
  return kc;
}

function cached<T>(map: Map<string, Entry<T>>, key: string, ttl: number, load: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit && Date.now() - hit.at < ttl) return hit.value;
  if (map.size >= MAX_ENTRIES) for (const [k, e] of map) if (Date.now() - e.at >= ttl) map.delete(k);
  const value = load();
  map.set(key, { at: Date.now(), value });
  return value;
}

/** Runs at most MAX_IN_FLIGHT lookups at once across all requests. */
async function bounded<T>(fn: () => Promise<T>): Promise<T> {
  const s = state();
  if (s.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => s.queue.push(resolve));
  s.inFlight++;
  try {
    return await fn();
  } finally {
    s.inFlight--;
    s.queue.shift()?.();
  }
}

function why(e: unknown): string {
  if (e instanceof ApiRequestError) return e.status === 403 ? `your user may not read it (${e.message})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

async function readWebhook(kc: KubeConfig): Promise<WebhookFacts> {
  try {
    const list = (await getJson(kc, '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', 10_000)) as { items?: { metadata?: { name?: string }; webhooks?: { name?: string; failurePolicy?: string }[] }[] };
    for (const c of list.items ?? []) {
      const w = (c.webhooks ?? []).find((x) => x.name === KEDA_WEBHOOK);
      if (w) return { state: 'registered', configuration: c.metadata?.name ?? '', failurePolicy: w.failurePolicy ?? 'Fail' };
    }
    return { state: 'missing' };
  } catch (e) {
    return { state: 'unknown', reason: `ValidatingWebhookConfigurations could not be listed: ${why(e)}` };
  }
}

async function readMetricsServed(kc: KubeConfig): Promise<ExternalMetricsFacts> {
  try {
    await getJson(kc, '/apis/external.metrics.k8s.io/v1beta1', 10_000);
    return { state: 'served' };
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 404) return { state: 'not-served' };
    return { state: 'unknown', reason: why(e) };
  }
}

/** Webhook registration and external metrics availability for a context (cached 30 s). */
export function kedaFacts(context: string): Promise<{ webhook: WebhookFacts; metrics: ExternalMetricsFacts }> {
  const kc = kubeConfig(context);
  if (!kc) return Promise.resolve({ webhook: { state: 'unknown', reason: 'no usable kubeconfig context' }, metrics: { state: 'unknown', reason: 'no usable kubeconfig context' } });
  return cached(state().facts, context, FACTS_TTL_MS, async () => {
    const [webhook, metrics] = await Promise.all([readWebhook(kc), readMetricsServed(kc)]);
    return { webhook, metrics };
  });
}

/** One ExternalMetricValueList item as KEDA's metrics server serves it. */
interface ExternalMetricValueList { items?: { value?: unknown; timestamp?: string }[] }

/**
 * The current value of one ScaledObject metric from `external.metrics.k8s.io` (what the HPA reads),
 * cached for a few seconds; `unknown` with the reason when it is not served or answers an error.
 */
export function externalMetricValue(context: string, namespace: string, scaledObject: string, metricName: string): Promise<MetricValueDto> {
  const kc = kubeConfig(context);
  if (!kc) return Promise.resolve({ state: 'unknown', reason: 'no usable kubeconfig context' });
  const key = `${context}\u0000${namespace}\u0000${scaledObject}\u0000${metricName}`;
  return cached(state().values, key, VALUE_TTL_MS, () => bounded(async (): Promise<MetricValueDto> => {
    const selector = encodeURIComponent(`${SCALED_OBJECT_NAME_LABEL}=${scaledObject}`);
    const path = `/apis/external.metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/${encodeURIComponent(metricName)}?labelSelector=${selector}`;
    try {
      const list = (await getJson(kc, path, VALUE_TIMEOUT_MS)) as ExternalMetricValueList;
      const item = list.items?.[0];
      const value = parseQuantity(item?.value);
      if (!item || value === undefined) return { state: 'unknown', reason: 'KEDA\'s metrics server returned no value' };
      return { state: 'ok', value, raw: String(item.value), ...(item.timestamp ? { at: item.timestamp } : {}) };
    } catch (e) {
      if (e instanceof ApiRequestError && e.status === 404) return { state: 'unknown', reason: 'external.metrics.k8s.io is not served (is KEDA\'s metrics server installed?)' };
      return { state: 'unknown', reason: `KEDA's metrics server answered: ${why(e)}` };
    }
  }));
}
