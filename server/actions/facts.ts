import 'server-only';
/** What a planner needs that the snapshot does not hold, looked up as the caller. */
import type { PlanFacts } from '@/lib/plans/types';
import type { Snapshot } from '@/lib/snapshot';
import type { KubeClient } from './kube';

/** The name of KEDA's ScaledObject webhook in its ValidatingWebhookConfiguration *(upstream)*. */
const KEDA_WEBHOOK = 'vscaledobject.kb.io';

/**
 * Whether KEDA's admission webhook is registered (undefined when the caller may not list webhook
 * configurations or the server did not answer: "could not tell" is not "no"), and the server version.
 */
export async function gatherFacts(client: KubeClient, snapshot: Snapshot, now: Date): Promise<PlanFacts> {
  const [kedaWebhookRegistered, version] = await Promise.all([
    client.list('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration').then(
      (items) => items.some((c) => Array.isArray(c.webhooks) && (c.webhooks as { name?: unknown }[]).some((w) => w.name === KEDA_WEBHOOK)),
      () => undefined,
    ),
    snapshot.cluster.version ? Promise.resolve(snapshot.cluster.version) : client.serverVersion(),
  ]);
  return {
    ...(kedaWebhookRegistered === undefined ? {} : { kedaWebhookRegistered }),
    ...(version ? { serverVersion: version } : {}),
    now: now.toISOString(),
  };
}
