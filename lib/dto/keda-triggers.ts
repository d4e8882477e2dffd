/**
 * A KEDA trigger as the KEDA page shows it: type, name, the metadata that matters (thresholds
 * first, `*FromEnv` marked, anything that looks like a credential redacted), authentication by
 * name only, and the external metric KEDA serves for it. Pure.
 */
import { at, list, str } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { ScaledObject, type Trigger } from '../k8s/scaled-object';
import { triggerThresholds, type TriggerThresholds } from '../keda/explain-thresholds';
import { triggerSpec } from '../keda/scalers';

export interface TriggerMetadataDto {
  key: string;
  value: string;
  /** `threshold` (scaling), `activation`, `from-env` (names an env variable of the target). */
  role?: 'threshold' | 'activation' | 'from-env';
  /** The value looked like a credential and is not shown. */
  redacted?: boolean;
}

export interface TriggerDto {
  index: number;
  type: string;
  name?: string;
  /** `` `lag` (kafka) `` or `kafka trigger #1`; backticks mark code. */
  label: string;
  metricType: string;
  metadata: TriggerMetadataDto[];
  /** The few entries that say what is measured (topic, group, queue, query …), `*FromEnv` included; for lists. */
  highlights: TriggerMetadataDto[];
  /** TriggerAuthentication / ClusterTriggerAuthentication by name; secrets are never read. */
  authenticationRef?: { kind: string; name: string };
  thresholds?: TriggerThresholds;
  /** cpu/memory triggers are resource metrics the HPA reads from the pods. */
  resource?: 'cpu' | 'memory';
  /** The external metric KEDA serves for this trigger (`status.externalMetricNames`, else computed). */
  metricName?: string;
}

const SECRET_KEY = /(password|passwd|secret|token|apikey|api_key|accesskey|access_key|connectionstring|^connection$|authorization|credentials?)$/i;
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@/\s]+@/i;

/** Metadata keys that name what a trigger measures, across scaler types, in the order they are shown. */
const HIGHLIGHT_KEYS = [
  'topic', 'topics', 'consumerGroup', 'queueName', 'queueURL', 'listName', 'stream', 'subject', 'subscriptionName', 'topicName',
  'mode', 'query', 'metricName', 'podSelector', 'desiredReplicas', 'start', 'end', 'timezone',
];
const HIGHLIGHT_MAX = 3;

/** What a list shows of a trigger's metadata: `*FromEnv` first (they can go stale), then the keys above. */
export function triggerHighlights(metadata: readonly TriggerMetadataDto[]): TriggerMetadataDto[] {
  const fromEnv = metadata.filter((m) => m.role === 'from-env');
  const named = HIGHLIGHT_KEYS.flatMap((k) => metadata.filter((m) => m.key === k && !m.role && !m.redacted));
  return [...fromEnv, ...named].slice(0, HIGHLIGHT_MAX);
}

/** A metadata value safe to show: credential-looking keys hidden, URL passwords masked. */
export function redactMetadata(key: string, value: string): { value: string; redacted: boolean } {
  if (!key.endsWith('FromEnv') && SECRET_KEY.test(key)) return { value: '••••••', redacted: true };
  if (URL_PASSWORD.test(value)) return { value: value.replace(URL_PASSWORD, '$1:••••••@'), redacted: true };
  return { value, redacted: false };
}

/** `` `name` (type) `` or `type trigger #n`. */
export function triggerLabel(t: Pick<Trigger, 'type' | 'name'>, index: number): string {
  return t.name ? `\`${t.name}\` (${t.type})` : `${t.type} trigger #${index + 1}`;
}

/** The external metric of trigger `index`: KEDA names it `s<index>-…` in `status.externalMetricNames`. */
export function externalMetricName(so: KubeObject, t: Trigger, index: number): string | undefined {
  if (t.type === 'cpu' || t.type === 'memory') return undefined;
  const published = list(at(so.status, 'externalMetricNames')).map(str).find((n) => n?.startsWith(`s${index}-`));
  return published ?? triggerSpec({ type: t.type, name: t.name, metricType: t.metricType, params: t.metadata }, index).metricName;
}

function authOf(raw: unknown): TriggerDto['authenticationRef'] {
  const name = str(at(raw, 'authenticationRef', 'name'));
  return name ? { kind: str(at(raw, 'authenticationRef', 'kind')) || 'TriggerAuthentication', name } : undefined;
}

/** The triggers of a ScaledObject (or ScaledJob) for display. */
export function triggerDtos(so: KubeObject): TriggerDto[] {
  const raw = list(at(so.spec, 'triggers'));
  return ScaledObject.triggers(so).map((t, index) => {
    const thresholds = triggerThresholds(t);
    const role = (key: string): TriggerMetadataDto['role'] =>
      key === thresholds?.targetKey ? 'threshold' : key === thresholds?.activationKey ? 'activation' : key.endsWith('FromEnv') ? 'from-env' : undefined;
    const order = { threshold: 0, activation: 1, 'from-env': 2 } as const;
    const metadata = Object.entries(t.metadata)
      .map(([key, v]): TriggerMetadataDto => {
        const r = redactMetadata(key, v);
        const m: TriggerMetadataDto = { key, value: r.value };
        const ro = role(key);
        if (ro) m.role = ro;
        if (r.redacted) m.redacted = true;
        return m;
      })
      .sort((a, b) => (a.role ? order[a.role] : 3) - (b.role ? order[b.role] : 3));
    const dto: TriggerDto = {
      index, type: t.type, label: triggerLabel(t, index), metricType: t.metricType || (t.type === 'cpu' || t.type === 'memory' ? 'Utilization' : 'AverageValue'),
      metadata, highlights: triggerHighlights(metadata),
    };
    if (t.name) dto.name = t.name;
    const auth = authOf(raw[index]);
    if (auth) dto.authenticationRef = auth;
    if (thresholds) dto.thresholds = thresholds;
    if (t.type === 'cpu' || t.type === 'memory') dto.resource = t.type;
    const metric = externalMetricName(so, t, index);
    if (metric) dto.metricName = metric;
    return dto;
  });
}
