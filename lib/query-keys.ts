/**
 * Query-key factory: every React Query key starts with the context, so a snapshot event for a
 * context invalidates exactly that context's queries.
 */
import type { FindingsQuery } from './dto/findings';
import type { PlanRequest } from './dto/migrations';
import type { WorkloadQuery } from './dto/workloads';

export const queryKeys = {
  context: (context: string) => ['ctx', context] as const,
  overview: (context: string) => ['ctx', context, 'overview'] as const,
  workloads: (context: string, query: WorkloadQuery) => ['ctx', context, 'workloads', query] as const,
  workload: (context: string, ref: { namespace: string; kind: string; name: string }) =>
    ['ctx', context, 'workload', ref.namespace, ref.kind, ref.name] as const,
  findings: (context: string, query: FindingsQuery) => ['ctx', context, 'findings', query] as const,
  history: (context: string, ref: { namespace: string; kind: string; name: string }, hours: number) =>
    ['ctx', context, 'history', ref.namespace, ref.kind, ref.name, hours] as const,
  session: () => ['session'] as const,
  migrations: (context: string) => ['ctx', context, 'migrations'] as const,
  migration: (context: string, id: string) => ['ctx', context, 'migration', id] as const,
  canaries: (context: string) => ['ctx', context, 'canaries'] as const,
  /** `/cronhpa`: every CronHPA (optionally one namespace) with jobs, next runs and projections. */
  cronhpas: (context: string, namespace?: string) => ['ctx', context, 'cronhpas', namespace ?? ''] as const,
  cronhpa: (context: string, ref: { namespace: string; name: string }) => ['ctx', context, 'cronhpa', ref.namespace, ref.name] as const,
  /**
   * A plan is made by a POST and kept by the server for a while: its key sits outside the context
   * prefix so a snapshot event does not re-plan under the reader's eyes (the wizard re-plans on request).
   */
  plan: (context: string, request: PlanRequest) => ['plan', context, request] as const,
  /** `/vpa`: every VPA with its recommendations and recorded resize history. */
  vpas: (context: string) => ['ctx', context, 'vpas'] as const,
  vpa: (context: string, ref: { namespace: string; name: string }) => ['ctx', context, 'vpa', ref.namespace, ref.name] as const,
  /** `/keda`: ScaledObjects, ScaledJobs and the installation (optionally one namespace). */
  keda: (context: string, namespace?: string) => ['ctx', context, 'keda', namespace ?? ''] as const,
  scaledObject: (context: string, ref: { namespace: string; name: string }) => ['ctx', context, 'scaledobject', ref.namespace, ref.name] as const,
  kedaTimeline: (context: string, ref: { namespace: string; name: string }, hours: number) =>
    ['ctx', context, 'keda-timeline', ref.namespace, ref.name, hours] as const,
};
