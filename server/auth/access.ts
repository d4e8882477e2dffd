import 'server-only';
import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { ACTION_LABELS, ACTION_REQUIREMENTS, describeRequirement, type AccessRequirement, type ActionId } from '@/lib/actions';
import { config } from '../config';

export interface ActionAccess {
  id: ActionId;
  label: string;
  allowed: boolean;
  /** Why not, in words, when not allowed. */
  reason?: string;
}

const TTL_MS = 60_000;

/**
 * Asks the cluster whether the caller may do what an action needs, with SelfSubjectAccessReviews
 * made as that caller (their kubeconfig context). Answers are cached for a minute per context, so
 * pages stay free of API requests in steady state; the guard pipeline asks again before writing.
 */
export class AccessChecker {
  private readonly cache = new Map<string, { at: number; answer: Promise<{ allowed: boolean; reason?: string }> }>();

  constructor(private readonly kc: KubeConfig | undefined) {}

  async action(id: ActionId, namespace: string): Promise<ActionAccess> {
    const base = { id, label: ACTION_LABELS[id] };
    if (config().readOnly) return { ...base, allowed: false, reason: 'scaleguard runs read-only (SCALEGUARD_READ_ONLY=1).' };
    if (!this.kc) return { ...base, allowed: false, reason: 'No usable kubeconfig context.' };
    const answers = await Promise.all(ACTION_REQUIREMENTS[id].map(async (r) => ({ r, a: await this.can(r, namespace) })));
    const denied = answers.filter((x) => !x.a.allowed);
    if (!denied.length) return { ...base, allowed: true };
    const needs = denied.map((x) => describeRequirement(x.r, namespace));
    const unknown = denied.find((x) => x.a.reason?.startsWith('could not ask'));
    return { ...base, allowed: false, reason: unknown ? `Permission unknown: ${unknown.a.reason}` : `Your user may not ${needs.join(', ')}.` };
  }

  private can(r: AccessRequirement, targetNamespace: string): Promise<{ allowed: boolean; reason?: string }> {
    const namespace = r.namespace === 'target' ? targetNamespace : r.namespace;
    const key = `${r.verb}/${r.group}/${r.resource}/${namespace}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.answer;
    const answer = this.review(r, namespace);
    this.cache.set(key, { at: Date.now(), answer });
    return answer;
  }

  private async review(r: AccessRequirement, namespace: string): Promise<{ allowed: boolean; reason?: string }> {
    try {
      const api = this.kc!.makeApiClient(AuthorizationV1Api);
      const res = await api.createSelfSubjectAccessReview({
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: r.verb, group: r.group, resource: r.resource, namespace } } },
      });
      return { allowed: res.status?.allowed === true, reason: res.status?.reason || undefined };
    } catch (e) {
      // Not cached for long: a blip should not disable buttons for a minute.
      setTimeout(() => this.cache.delete(`${r.verb}/${r.group}/${r.resource}/${namespace}`), 5000).unref();
      return { allowed: false, reason: `could not ask the API server (${e instanceof Error ? e.message : String(e)})` };
    }
  }
}
