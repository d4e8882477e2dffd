/**
 * Which user input a plan asks for. A failed `metrics-convertible` check names the HPA metrics that
 * have no automatic KEDA trigger (`metric 1 …`, counted from 0 as in `spec.metrics`); the wizard
 * asks for a trigger for each and plans again with `options.triggers`.
 */
import type { JsonValue } from '@/lib/k8s/object';
import type { PreflightCheck } from '@/lib/plans/types';

export interface TriggerRequest {
  /** The key in `options.triggers`: the metric's index in the HPA's `spec.metrics`. */
  key: string;
  /** The check's words about that metric. */
  detail: string;
  /** A trigger to start from, when the remedy gives one (`options.triggers["1"] = {…}`). */
  example?: { type: string; metricType?: string; metadata: Record<string, string> };
}

const METRIC_CHECKS = /metric/i;

export function triggerRequests(preflight: PreflightCheck[]): TriggerRequest[] {
  const out: TriggerRequest[] = [];
  for (const c of preflight) {
    if (c.ok || !METRIC_CHECKS.test(c.check)) continue;
    const keys = [...c.detail.matchAll(/\bmetrics?\s*(?:#|index\s*)?(\d+)\b/gi)].map((m) => m[1]!);
    for (const key of keys.length ? [...new Set(keys)] : ['0']) {
      const example = exampleIn(c.remedy ?? '', key);
      out.push(example ? { key, detail: c.detail, example } : { key, detail: c.detail });
    }
  }
  return out;
}

/** The JSON object after `options.triggers["<key>"] = ` in a remedy, if it reads as a trigger. */
function exampleIn(remedy: string, key: string): TriggerRequest['example'] {
  const marker = `options.triggers["${key}"] = `;
  const at = remedy.indexOf(marker);
  if (at < 0) return undefined;
  const start = at + marker.length;
  if (remedy[start] !== '{') return undefined;
  // The end of the object: brackets balance outside strings.
  let depth = 0;
  let inString = false;
  for (let i = start; i < remedy.length; i++) {
    const ch = remedy[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      try {
        const v = JSON.parse(remedy.slice(start, i + 1)) as { type?: unknown; metricType?: unknown; metadata?: unknown };
        if (typeof v.type !== 'string') return undefined;
        const metadata = Object.fromEntries(Object.entries(typeof v.metadata === 'object' && v.metadata ? v.metadata : {}).map(([k, x]) => [k, String(x)]));
        return { type: v.type, ...(typeof v.metricType === 'string' ? { metricType: v.metricType } : {}), metadata };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The metadata map as the form's `key: value` lines. */
export function metadataText(metadata: Record<string, string>): string {
  return Object.entries(metadata).map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** `key: value` (or `key=value`) lines into a map; blank lines and `#` comments skipped. */
export function parseMetadata(text: string): { metadata: Record<string, string>; errors: string[] } {
  const metadata: Record<string, string> = {};
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([A-Za-z0-9_.\-/]+)\s*[:=]\s*(.*)$/.exec(line);
    if (!m) return void errors.push(`line ${i + 1}: expected "key: value"`);
    metadata[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  });
  return { metadata, errors };
}

/** A KEDA trigger (`spec.triggers[]` item) from the form's fields. */
export function triggerOf(type: string, metadataText: string, metricType?: string): { trigger?: JsonValue; errors: string[] } {
  const { metadata, errors } = parseMetadata(metadataText);
  if (!type.trim()) errors.unshift('a trigger type is required');
  if (errors.length) return { errors };
  return { trigger: { type: type.trim(), ...(metricType ? { metricType } : {}), metadata }, errors };
}

/** Metadata keys each common scaler needs, to start the form with. */
export const TRIGGER_TEMPLATES: Record<string, string> = {
  prometheus: 'serverAddress: http://prometheus.monitoring:9090\nquery: \nthreshold: ',
  kafka: 'bootstrapServers: \nconsumerGroup: \ntopic: \nlagThreshold: ',
  rabbitmq: 'host: \nqueueName: \nmode: QueueLength\nvalue: ',
  'aws-sqs-queue': 'queueURL: \nqueueLength: \nawsRegion: ',
  'metrics-api': 'url: \nvalueLocation: \ntargetValue: ',
  cron: 'timezone: \nstart: \nend: \ndesiredReplicas: ',
};
