/**
 * KEDA's admission webhook server (keda-admission-webhooks), in process: the backend of Service
 * keda/keda-admission-webhooks behind the ValidatingWebhookConfiguration `keda-admission`
 * (sim/addons/keda.yaml, webhook `vscaledobject.kb.io`, failurePolicy Ignore). The checks are
 * lib/keda/validation.ts; this file reads what upstream's webhook reads from its informer cache
 * (HPAs, ScaledObjects, LimitRanges of the namespace, the target Deployment/StatefulSet) and
 * answers like controller-runtime's validator (Denied → 403, API errors with their own code).
 * With the backend down, the API server admits everything (failurePolicy Ignore).
 */
import type { KubeObject } from '@/lib/k8s/object';
import { validateScaledObject } from '@/lib/keda/validation';
import type { AdmissionReviewResponse, WebhookBackend } from '../../admission/types';
import type { ControllerContext } from '../runtime/controller';

export const WEBHOOK_NAMESPACE = 'keda';
export const WEBHOOK_SERVICE = 'keda-admission-webhooks';

export function scaledObjectWebhook(ctx: ControllerContext): WebhookBackend {
  const list = (storage: string, ns: string): KubeObject[] => (ctx.store.has(storage) ? ctx.store.list(storage, ns) : []);
  return (review) => {
    const req = review.request;
    const allowed: AdmissionReviewResponse = { uid: req.uid, allowed: true, status: { code: 200 } };
    if (req.kind.kind !== 'ScaledObject' || (req.operation !== 'CREATE' && req.operation !== 'UPDATE') || !req.object) return allowed;
    const ns = req.namespace ?? '';
    const soRes = ctx.api.resourceFor('keda.sh/v1alpha1', 'ScaledObject');
    const verdict = validateScaledObject({ ...req.object, metadata: { ...req.object.metadata, namespace: ns } }, {
      operation: req.operation,
      dryRun: req.dryRun,
      oldObject: req.oldObject ?? undefined,
      hpas: list('autoscaling/horizontalpodautoscalers', ns),
      scaledObjects: soRes ? list(soRes.storage, ns) : [],
      limitRanges: list('/limitranges', ns),
      workload: (kind, name) => ctx.store.get(kind === 'Deployment' ? 'apps/deployments' : 'apps/statefulsets', ns, name),
      mapper: (group, version, kind) => ctx.api.resourceFor(group ? `${group}/${version}` : version, kind)?.plural,
    });
    if (verdict.allowed) return allowed;
    const status: AdmissionReviewResponse['status'] = { code: verdict.code, message: verdict.message };
    if (verdict.reason) status.reason = verdict.reason;
    return { uid: req.uid, allowed: false, status };
  };
}
