/**
 * Deployment status and conditions, pure, after kubernetes `pkg/controller/deployment`
 * (`sync.go` calculateStatus / syncRolloutStatus, `progress.go`, `util/deployment_util.go`):
 * counts summed over the ReplicaSets, `Available` by minimum availability, and `Progressing` with
 * upstream's reasons and messages (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated,
 * NewReplicaSetAvailable, DeploymentPaused, DeploymentResumed).
 */

export interface DeploymentCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface RsCounts {
  replicas: number;
  statusReplicas: number;
  ready: number;
  available: number;
}

export interface StatusInput {
  generation: number;
  specReplicas: number;
  maxUnavailable: number;
  all: RsCounts[];
  newRs?: RsCounts & { name: string };
  old: { replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; conditions?: DeploymentCondition[]; collisionCount?: number };
  /** `spec.progressDeadlineSeconds` is set (the API defaults it to 600). */
  progressDeadline: boolean;
  /** false for `sync()` (paused, or a scaling event): only Available is recomputed. */
  rollout: boolean;
  now: string;
}

/** A Go `%q` of a name: `"web-7d4b9c8f5"`. */
const q = (s: string) => JSON.stringify(s);

export function newCondition(type: string, status: string, reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

/** `SetDeploymentCondition`: same status and reason is no change; same status keeps the transition time; the new one goes last. */
export function setDeploymentCondition(list: DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const current = list.find((x) => x.type === c.type);
  if (current && current.status === c.status && current.reason === c.reason) return list;
  const next = current && current.status === c.status ? { ...c, lastTransitionTime: current.lastTransitionTime } : c;
  return [...list.filter((x) => x.type !== c.type), next];
}

export const progressing = {
  created: (rs: string, now: string) => newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set ${q(rs)}`, now),
  found: (rs: string, now: string) => newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set ${q(rs)}`, now),
  paused: (now: string) => newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now),
  resumed: (now: string) => newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now),
};

const sum = (rss: RsCounts[], f: (r: RsCounts) => number) => rss.reduce((n, r) => n + f(r), 0);

/** The next `status` of a Deployment; zero counts are left out as Go's `omitempty` does. */
export function deploymentStatus(i: StatusInput): Record<string, unknown> {
  const available = sum(i.all, (r) => r.available);
  const counts = {
    observedGeneration: i.generation,
    replicas: sum(i.all, (r) => r.statusReplicas),
    updatedReplicas: i.newRs?.statusReplicas ?? 0,
    readyReplicas: sum(i.all, (r) => r.ready),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum(i.all, (r) => r.replicas) - available),
  };
  let conditions = [...(i.old.conditions ?? [])];
  conditions = available >= i.specReplicas - i.maxUnavailable
    ? setDeploymentCondition(conditions, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', i.now))
    : setDeploymentCondition(conditions, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', i.now));
  if (i.rollout) {
    if (!i.progressDeadline) conditions = conditions.filter((c) => c.type !== 'Progressing');
    const current = conditions.find((c) => c.type === 'Progressing');
    const complete = counts.replicas === counts.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
    if (i.progressDeadline && !complete) {
      const done = counts.updatedReplicas === i.specReplicas && counts.replicas === i.specReplicas && available === i.specReplicas;
      const oldOld = (i.old.replicas ?? 0) - (i.old.updatedReplicas ?? 0);
      const moved = counts.updatedReplicas > (i.old.updatedReplicas ?? 0) || counts.replicas - counts.updatedReplicas < oldOld
        || counts.readyReplicas > (i.old.readyReplicas ?? 0) || available > (i.old.availableReplicas ?? 0);
      const rsName = i.newRs?.name;
      if (done) {
        conditions = setDeploymentCondition(conditions, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet ${q(rsName ?? '')} has successfully progressed.`, i.now));
      } else if (moved) {
        // Progress moves lastUpdateTime even with the same reason (upstream special-cases this).
        const c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet ${q(rsName ?? '')} is progressing.`, i.now);
        if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
        conditions = [...conditions.filter((x) => x.type !== 'Progressing'), c];
      }
    }
  }
  const status: Record<string, unknown> = Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0));
  if (conditions.length) status.conditions = conditions;
  if (i.old.collisionCount !== undefined) status.collisionCount = i.old.collisionCount;
  return status;
}
