import 'server-only';
/**
 * Step 1 of the guard pipeline (design §5): SelfSubjectAccessReviews as the caller for every verb
 * and resource a plan touches — what the action needs by definition (`ACTION_REQUIREMENTS`), what
 * its operations and inverses write, what the pipeline reads to back up and verify, and the record
 * and Events it writes. Asked fresh every time: never trusted from an earlier answer.
 */
import { ACTION_REQUIREMENTS } from '@/lib/actions';
import type { AccessDto } from '@/lib/dto/migrations';
import type { ObjectRef } from '@/lib/k8s/object';
import { splitApiVersion } from '@/lib/k8s/object';
import { operationRef } from '@/lib/plans/preview';
import type { Plan } from '@/lib/plans/types';
import { config } from '../config';
import type { KubeClient } from './kube';

/** One permission: `verb` on `resource.group` in `namespace` (none: cluster scope). */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

/** "patch scaledobjects.keda.sh in namespace shop" */
export function describePermission(p: Permission): string {
  return `${p.verb} ${p.resource}${p.group ? `.${p.group}` : ''} ${p.namespace ? `in namespace ${p.namespace}` : 'at cluster scope'}`;
}

/** Every permission running (and rolling back) a plan takes, deduplicated, in a stable order. */
export async function planPermissions(client: KubeClient, plan: Plan): Promise<Permission[]> {
  const out = new Map<string, Permission>();
  const add = (p: Permission) => out.set(`${p.verb}|${p.group}|${p.resource}|${p.namespace ?? ''}`, p);
  const on = async (verb: string, ref: ObjectRef) => {
    const group = splitApiVersion(ref.apiVersion).group;
    // An unknown kind still gets a review: the plural is guessed the way kubectl's RESTMapper would.
    const plural = await client.resource(ref).then((r) => r.plural, () => `${ref.kind.toLowerCase()}s`);
    add({ verb, group, resource: plural, namespace: ref.namespace });
  };
  const ns = plan.target.namespace;
  for (const r of ACTION_REQUIREMENTS[plan.type]) add({ verb: r.verb, group: r.group, resource: r.resource, namespace: r.namespace === 'target' ? ns : r.namespace });
  const eventNamespaces = new Set<string>([ns]);
  for (const step of plan.steps) {
    for (const op of step.operations) {
      const ref = operationRef(op);
      await on(op.kind, ref);
      // Backups and idempotency checks read every object first.
      await on('get', ref);
      if (ref.namespace) eventNamespaces.add(ref.namespace);
    }
    for (const inv of step.inverse) {
      if (inv.kind === 'await') continue;
      await on(inv.kind === 'delete-created' ? 'delete' : 'update', inv.target);
      await on('get', inv.target);
    }
    for (const pc of step.postConditions) {
      if (pc.kind !== 'no-findings') await on('get', pc.target);
    }
  }
  for (const verb of ['get', 'list', 'create', 'update']) add({ verb, group: '', resource: 'configmaps', namespace: ns });
  for (const n of eventNamespaces) add({ verb: 'create', group: '', resource: 'events', namespace: n });
  return [...out.values()];
}

/**
 * Asks the cluster about each permission as the caller and says, in words, every one that is
 * missing. Read-only mode denies everything before asking.
 */
export async function reviewAccess(client: KubeClient, permissions: Permission[]): Promise<AccessDto & { missing: Permission[] }> {
  if (config().readOnly) return { allowed: false, reason: 'scaleguard runs read-only (SCALEGUARD_READ_ONLY=1): it makes no changes to the cluster.', missing: [] };
  const answers = await Promise.all(permissions.map(async (p) => {
    try {
      return { p, ...(await client.review(p.verb, p.group, p.resource, p.namespace)) };
    } catch (e) {
      return { p, allowed: false, reason: `could not ask the API server: ${e instanceof Error ? e.message : String(e)}`, failed: true };
    }
  }));
  const missing = answers.filter((a) => !a.allowed);
  if (!missing.length) return { allowed: true, missing: [] };
  const unknown = missing.find((a) => 'failed' in a);
  const reason = unknown
    ? `Permissions could not be checked (${unknown.reason}).`
    : `${client.userName()} may not ${missing.map((a) => describePermission(a.p)).join('; ')}.`;
  return { allowed: false, reason, missing: missing.map((a) => a.p) };
}
