/**
 * The KEDA installation as the KEDA page's panel shows it: the CRDs, the operator, metrics server
 * and admission webhook Deployments (ready or not), the webhook registration and what it means when
 * it is missing or cannot be reached (failurePolicy Ignore validates nothing), the version from the
 * operator image, and when the operator last started (it rebuilds every scaler then). Pure: the
 * webhook registration and the external metrics API are facts the server looked up.
 */
import { Workload } from '../k8s/workload';
import type { KubeObject } from '../k8s/object';
import type { KindState, Snapshot } from '../snapshot';
import { isoOf, operatorStart } from '../keda/explain-env';

export interface KedaDeploymentDto {
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  image?: string;
}

/** What the server found about KEDA's ValidatingWebhookConfiguration (`vscaledobject.kb.io`). */
export interface WebhookFacts {
  state: 'registered' | 'missing' | 'unknown';
  /** The ValidatingWebhookConfiguration that holds it. */
  configuration?: string;
  failurePolicy?: string;
  /** Why the state is unknown (e.g. the user may not list ValidatingWebhookConfigurations). */
  reason?: string;
}

/** Whether `external.metrics.k8s.io` is served (KEDA's metrics server behind an APIService). */
export interface ExternalMetricsFacts {
  state: 'served' | 'not-served' | 'unknown';
  reason?: string;
}

export type Tone = 'ok' | 'warn' | 'crit' | 'neutral';

export interface KedaInstallationDto {
  /** `null` while discovery has not answered. */
  installed: boolean | null;
  /** The informer state of each KEDA kind (`forbidden` with the API server's words when the user may not list it). */
  crds: { scaledobjects: { state: KindState; message?: string }; scaledjobs: { state: KindState; message?: string } };
  operator: KedaDeploymentDto | null;
  metricsServer: KedaDeploymentDto | null;
  admissionWebhooks: KedaDeploymentDto | null;
  /** From the operator image tag, e.g. `2.16.1`. */
  version?: string;
  /** The oldest running keda-operator pod and its (re)start: every scaler was rebuilt then. */
  operatorStart?: { pod: string; at: string };
  webhook: WebhookFacts & { tone: Tone; explanation: string };
  externalMetrics: ExternalMetricsFacts & { tone: Tone; explanation: string };
}

const NAMES = {
  operator: 'keda-operator',
  metricsServer: 'keda-operator-metrics-apiserver',
  admissionWebhooks: 'keda-admission-webhooks',
} as const;

function findDeployment(deployments: readonly KubeObject[], name: string): KedaDeploymentDto | null {
  const d = deployments.find((x) => x.metadata.name === name)
    ?? deployments.find((x) => (x.metadata.labels ?? {})['app.kubernetes.io/name'] === name || (x.metadata.labels ?? {}).app === name);
  if (!d) return null;
  const r = Workload.replicas(d);
  const image = Workload.containers(d)[0]?.image;
  return { namespace: d.metadata.namespace ?? '', name: d.metadata.name ?? '', desired: r.desired, ready: r.ready, ...(image ? { image } : {}) };
}

function kindOf(s: Snapshot, id: 'scaledobjects' | 'scaledjobs'): { state: KindState; message?: string } {
  const k = s.kinds[id];
  return { state: k.state, ...(k.message ? { message: k.message } : {}) };
}

const ready = (d: KedaDeploymentDto | null) => !!d && d.desired > 0 && d.ready >= d.desired;

function webhookExplanation(w: WebhookFacts, backend: KedaDeploymentDto | null): { tone: Tone; explanation: string } {
  if (w.state === 'unknown') {
    return { tone: 'neutral', explanation: `Whether KEDA's admission webhook is registered is not known: ${w.reason ?? 'the ValidatingWebhookConfigurations could not be read'}. The built-in \`view\` role does not include them.` };
  }
  if (w.state === 'missing') {
    return { tone: 'crit', explanation: 'No ValidatingWebhookConfiguration registers `vscaledobject.kb.io`: nothing validates ScaledObjects. The API server accepts a second ScaledObject on a workload, a ScaledObject beside an HPA it does not own, or min above max — the conflicts scaleguard\'s findings then report.' };
  }
  const ignore = (w.failurePolicy ?? 'Fail') === 'Ignore';
  const where = backend ? `\`${backend.namespace}/${backend.name}\`` : 'the keda-admission-webhooks Deployment';
  if (!ready(backend)) {
    return {
      tone: ignore ? 'crit' : 'warn',
      explanation: ignore
        ? `\`vscaledobject.kb.io\` is registered (in \`${w.configuration ?? '?'}\`) with failurePolicy Ignore, but its backend ${where} is ${backend ? `${backend.ready}/${backend.desired} ready` : 'not installed'}: the API server cannot reach it and admits every ScaledObject unchecked — right now nothing is validated.`
        : `\`vscaledobject.kb.io\` is registered with failurePolicy ${w.failurePolicy ?? 'Fail'}, but its backend ${where} is not ready: every ScaledObject create and update is refused until it is back.`,
    };
  }
  return {
    tone: 'ok',
    explanation: `\`vscaledobject.kb.io\` is registered in \`${w.configuration ?? '?'}\` and its backend ${where} is ready.${ignore ? ' Its failurePolicy is Ignore: whenever the webhook cannot be reached (its pods down, a network policy, an expired certificate) the API server admits every ScaledObject without validating it, and nothing says so.' : ''}`,
  };
}

function metricsExplanation(m: ExternalMetricsFacts, server: KedaDeploymentDto | null): { tone: Tone; explanation: string } {
  if (m.state === 'served') return { tone: ready(server) ? 'ok' : 'warn', explanation: 'The API server serves `external.metrics.k8s.io`: KEDA\'s HPAs can read trigger values, and this page shows each trigger\'s current value.' };
  if (m.state === 'not-served') return { tone: 'crit', explanation: '`external.metrics.k8s.io` is not served: the HPAs KEDA creates cannot read any trigger value (ScalingActive=False), and this page cannot show current values.' };
  return { tone: 'neutral', explanation: `Whether \`external.metrics.k8s.io\` is served is not known${m.reason ? `: ${m.reason}` : ''}.` };
}

const NOT_INSTALLED = {
  webhook: { tone: 'neutral', explanation: 'KEDA is not installed: there is no ScaledObject to validate, so no webhook is expected.' },
  metrics: { tone: 'neutral', explanation: 'KEDA is not installed: no ScaledObject needs `external.metrics.k8s.io`.' },
} as const satisfies Record<string, { tone: Tone; explanation: string }>;

/** The installation panel from the snapshot and the facts the server looked up. */
export function buildKedaInstallation(s: Snapshot, installed: boolean | undefined, webhook: WebhookFacts, metrics: ExternalMetricsFacts): KedaInstallationDto {
  const deployments = s.objects.deployments;
  const operator = findDeployment(deployments, NAMES.operator);
  const metricsServer = findDeployment(deployments, NAMES.metricsServer);
  const admissionWebhooks = findDeployment(deployments, NAMES.admissionWebhooks);
  const started = operatorStart(s);
  const version = operator?.image ? Workload.imageTag(operator.image) : undefined;
  return {
    installed: installed ?? null,
    crds: { scaledobjects: kindOf(s, 'scaledobjects'), scaledjobs: kindOf(s, 'scaledjobs') },
    operator,
    metricsServer,
    admissionWebhooks,
    ...(version ? { version } : {}),
    ...(started ? { operatorStart: { pod: started.pod, at: isoOf(started.at) } } : {}),
    // Without KEDA a missing webhook or metrics API is what one expects, not an alarm.
    webhook: { ...webhook, ...(installed === false ? NOT_INSTALLED.webhook : webhookExplanation(webhook, admissionWebhooks)) },
    externalMetrics: { ...metrics, ...(installed === false ? NOT_INSTALLED.metrics : metricsExplanation(metrics, metricsServer)) },
  };
}
