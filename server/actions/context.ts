import 'server-only';
/** What every part of the guard pipeline works with for one kubeconfig context (= one caller in local mode). */
import type { ClusterCache } from '../cluster/cluster-cache';
import type { ActionLog } from '../history/action-log';
import type { KubeClient } from './kube';
import type { PlanStore } from './plans';

export interface PipelineSettings {
  /** How long a lease on a migration record lasts without renewal. */
  leaseMs: number;
  /** How often post-conditions are re-read while a step waits. */
  pollMs: number;
  /** Re-plans after conflicts before a step fails. */
  maxReplans: number;
  /** How long a rollback waits for a deleted object to go and a restored one to settle. */
  rollbackTimeoutMs: number;
  /** How often running migrations are looked for (a crashed replica's step is resumed). */
  resumeSweepMs: number;
}

export const DEFAULT_SETTINGS: PipelineSettings = {
  leaseMs: 30_000,
  pollMs: 1_000,
  maxReplans: 3,
  rollbackTimeoutMs: 120_000,
  resumeSweepMs: 15_000,
};

export interface ActionContext {
  /** The context's informer cache: snapshots for planning, cached records for reads. */
  cache: ClusterCache;
  /** The context's credentials: every write and review goes through it, so the cluster's RBAC decides. */
  client: KubeClient;
  plans: PlanStore;
  log: ActionLog;
  /** This process's identity in leases (host, pid and a random part). */
  holder: string;
  now: () => Date;
  settings: PipelineSettings;
  /** Aborted when the service stops: from then on nothing more is written, as if the process had died. */
  lifetime?: AbortSignal;
  /**
   * Fault injection for tests (crash points): right after a step's operations were applied, and
   * right after a step's inverses ran in a rollback, before either is recorded.
   */
  faults?: {
    afterApply?(migrationId: string, step: number): Promise<void> | void;
    afterUndo?(migrationId: string, step: number): Promise<void> | void;
  };
}

/** Throws when the service stopped (see `lifetime`): a stopped process writes nothing more. */
export function assertAlive(ctx: ActionContext): void {
  if (ctx.lifetime?.aborted) throw new StoppedError();
}

/** The service stopped while working; the work stays recorded as running for another process to resume. */
export class StoppedError extends Error {
  constructor() {
    super('the dashboard process stopped');
    this.name = 'StoppedError';
  }
}
