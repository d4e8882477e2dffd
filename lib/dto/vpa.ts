/**
 * `GET /api/v1/vpas` and `GET /api/v1/vpas/{namespace}/{name}` (design §7): every
 * VerticalPodAutoscaler with its recommendation per container next to the requests its pods run
 * with, and the resize history the server recorded while it watched.
 */
import type { Severity } from '../rules/types';
import type { ResizeAttempt } from '../vpa/resize-attempts';
import type { ResizeState } from '../vpa/resize';

/** One resize attempt of one container (design §7: `{ pod, container, at, from, to, path, outcome }`). */
export type VpaResizeEntryDto = Omit<ResizeAttempt, 'key' | 'namespace' | 'at' | 'endedAt'> & {
  /** ISO time the attempt started. */
  at: string;
  endedAt?: string;
};

/** Requests of a container next to the recommendation (quantities as written). */
export interface VpaContainerDto {
  name: string;
  /** `Auto` or `Off` (per `resourcePolicy.containerPolicies`). */
  mode: string;
  controlledResources: string[];
  /** The workload's pod template requests. */
  requests: Record<string, string>;
  /** Requests each pod runs with now (what the kubelet applied, else its spec). */
  podRequests: { pod: string; requests: Record<string, string> }[];
  target?: Record<string, string>;
  lowerBound?: Record<string, string>;
  upperBound?: Record<string, string>;
  uncappedTarget?: Record<string, string>;
  /** `resizePolicy` restart policy per resource (`NotRequired` unless set). */
  resizePolicy: Record<string, string>;
  minAllowed?: Record<string, string>;
  maxAllowed?: Record<string, string>;
}

export interface VpaConditionDto {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface VpaPodDto {
  name: string;
  phase?: string;
  resize: { state: ResizeState; source?: string; reason?: string; message?: string; since?: string };
  restarts: number;
}

/** How the in-place resizes went (seed 001: every in-place resize is only *possibly* non-disruptive). */
export interface VpaResizeSummaryDto {
  /** In-place attempts with a known outcome. */
  inPlace: number;
  /** Of those, completed without any container restart. */
  nonDisruptive: number;
  withRestart: number;
  /** Of the restarts, those the container's resizePolicy asked for. */
  expectedRestarts: number;
  deferred: number;
  infeasible: number;
  error: number;
  evictions: number;
  /** Evictions that gave up an in-place attempt. */
  fallbacks: number;
  /** nonDisruptive / inPlace, when there was any in-place attempt. */
  nonDisruptiveShare?: number;
  lastAt?: string;
}

export interface VpaFindingDto {
  rule: string;
  severity: Severity;
  message: string;
}

export interface VpaDto {
  namespace: string;
  name: string;
  createdAt?: string;
  target: { apiVersion: string; kind: string; name: string; exists: boolean; href?: string };
  /** As written (absent means `Auto`). */
  updateMode: string;
  /** `Auto` is read as `Recreate` (deprecated alias). */
  effectiveMode: string;
  /** The mode is `Auto`, a deprecated alias of `Recreate`. */
  deprecatedMode: boolean;
  /** Resources controlled by the `*` policy (default cpu and memory). */
  controlledResources: string[];
  minReplicas?: number;
  containers: VpaContainerDto[];
  conditions: VpaConditionDto[];
  pods: VpaPodDto[];
  /** Other VPAs on the same workload; the oldest (then by name) controls the pods. */
  siblings: string[];
  controlling: boolean;
  history: VpaResizeEntryDto[];
  summary: VpaResizeSummaryDto;
  findings: VpaFindingDto[];
  /** The `vpa-update-mode` action for the caller. */
  action?: { allowed: boolean; reason?: string };
}

export interface VpasDto {
  items: VpaDto[];
  /** Whether the VPA CRDs are served; undefined while not known. */
  installed?: boolean;
  /** The API server's refusal when this context may not list VPAs (RBAC), verbatim. */
  forbidden?: string;
  serverVersion?: string;
  /** Image tag of the vpa-updater Deployment, if found. */
  updaterVersion?: string;
  /** How far back the history goes (days). */
  retentionDays: number;
  generatedAt: string;
}
