/**
 * The Deployment controller's view of and writes to its ReplicaSets (kubernetes
 * `pkg/controller/deployment/sync.go`, `util/deployment_util.go`): finding the new ReplicaSet by
 * template (the `pod-template-hash` label aside), revisions, creating `<deploy>-<hash>`, and
 * scaling with the `desired-replicas`/`max-replicas` annotations and `ScalingReplicaSet` events.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { ApiError } from '../../api/errors';
import type { ControllerContext } from '../runtime/controller';
import type { DeploymentView, RsView } from './deployment-rollout';
import { maxSurge } from './deployment-rollout';
import { controllerRef, stableJson, templateHash, updateFresh } from './objects';

export const HASH_LABEL = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED = 'deployment.kubernetes.io/desired-replicas';
export const MAX = 'deployment.kubernetes.io/max-replicas';

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };

const templateOf = (o: KubeObject): Template => ((o.spec as { template?: Template }).template ?? {});

/** Stored objects are frozen and replaced on every write, so a template's canonical form can be cached by identity. */
const canonical = new WeakMap<Template, string>();

/** `EqualIgnoreHash`: templates equal once the pod-template-hash label is dropped. */
function withoutHash(t: Template): string {
  const cached = canonical.get(t);
  if (cached !== undefined) return cached;
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  const text = stableJson({ ...t, metadata: { ...(t.metadata ?? {}), labels } });
  canonical.set(t, text);
  return text;
}

const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

export function revisionOf(rs: KubeObject): number {
  return num(rs.metadata.annotations?.[REVISION]) ?? 0;
}

export function rsView(rs: KubeObject): RsView {
  const st = (rs.status ?? {}) as { replicas?: number; availableReplicas?: number };
  return {
    name: rs.metadata.name!, created: Date.parse(rs.metadata.creationTimestamp ?? '0'),
    replicas: (rs.spec as { replicas?: number }).replicas ?? 1, statusReplicas: st.replicas ?? 0, available: st.availableReplicas ?? 0,
    desiredAnnotation: num(rs.metadata.annotations?.[DESIRED]), maxAnnotation: num(rs.metadata.annotations?.[MAX]),
  };
}

export function deploymentView(d: KubeObject): DeploymentView {
  const spec = d.spec as { replicas?: number; strategy?: { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } } };
  return {
    replicas: spec.replicas ?? 1,
    strategy: spec.strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate',
    maxSurge: spec.strategy?.rollingUpdate?.maxSurge, maxUnavailable: spec.strategy?.rollingUpdate?.maxUnavailable,
    statusReplicas: (d.status as { replicas?: number } | undefined)?.replicas ?? 0,
  };
}

/** The ReplicaSets a Deployment controls, split into the new one (oldest match) and the old ones. */
export function splitReplicaSets(d: KubeObject, owned: KubeObject[]): { newRs?: KubeObject; oldRss: KubeObject[] } {
  const want = withoutHash(templateOf(d));
  const sorted = [...owned].sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '0') - Date.parse(b.metadata.creationTimestamp ?? '0') || a.metadata.name!.localeCompare(b.metadata.name!));
  const newRs = sorted.find((rs) => withoutHash(templateOf(rs)) === want);
  return { newRs, oldRss: sorted.filter((rs) => rs !== newRs) };
}

export class ReplicaSetWriter {
  private readonly res;

  constructor(private readonly ctx: ControllerContext) {
    this.res = ctx.api.resourceFor('apps/v1', 'ReplicaSet')!;
  }

  /** `scaleReplicaSetAndRecordEvent`: size and annotations, and an event when the size moved. */
  async scale(d: KubeObject, rsName: string, size: number): Promise<void> {
    const view = deploymentView(d);
    let from = -1;
    const written = await updateFresh(this.ctx.api, this.res, d.metadata.namespace, rsName, this.ctx.as, (rs) => {
      const spec = rs.spec as { replicas?: number };
      from = spec.replicas ?? 1;
      const a = { ...(rs.metadata.annotations ?? {}) };
      const desired = String(view.replicas);
      const max = String(view.replicas + maxSurge(view));
      if (from === size && a[DESIRED] === desired && a[MAX] === max) return false;
      spec.replicas = size;
      rs.metadata.annotations = { ...a, [DESIRED]: desired, [MAX]: max };
      return true;
    });
    if (written && from !== size && from >= 0) {
      await this.ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${size > from ? 'up' : 'down'} replica set ${rsName} from ${from} to ${size}`);
    }
  }

  /** Creates `<deploy>-<hash>` (revision, size annotations, the hash in labels and selector). */
  async create(d: KubeObject, replicas: number, revision: number): Promise<KubeObject | undefined> {
    const tpl = templateOf(d);
    const hash = templateHash(tpl);
    const view = deploymentView(d);
    const selector = (d.spec as { selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } }).selector ?? {};
    const labels = { ...(tpl.metadata?.labels ?? {}), [HASH_LABEL]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const rs: KubeObject = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name, namespace: d.metadata.namespace, labels, ownerReferences: [controllerRef(d)],
        annotations: { [DESIRED]: String(view.replicas), [MAX]: String(view.replicas + maxSurge(view)), [REVISION]: String(revision) },
      },
      spec: { replicas, selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash } }, template: { ...tpl, metadata: { ...(tpl.metadata ?? {}), labels } } },
    };
    try {
      const created = await this.ctx.api.create(this.res, d.metadata.namespace, rs, this.ctx.as());
      if (replicas > 0) await this.ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
      return created;
    } catch (e) {
      // A ReplicaSet of that name that is not ours would be a hash collision (upstream bumps collisionCount).
      if (e instanceof ApiError && e.code === 409) return undefined;
      throw e;
    }
  }

  /** Moves the revision annotation of a reused ReplicaSet (a rollback to an old template). */
  async setRevision(namespace: string, rsName: string, revision: number): Promise<void> {
    await updateFresh(this.ctx.api, this.res, namespace, rsName, this.ctx.as, (rs) => {
      if (revisionOf(rs) >= revision) return false;
      rs.metadata.annotations = { ...(rs.metadata.annotations ?? {}), [REVISION]: String(revision) };
      return true;
    });
  }

  async delete(namespace: string, rsName: string): Promise<void> {
    await this.ctx.api.delete(this.res, namespace, rsName, {}, this.ctx.as());
  }
}
