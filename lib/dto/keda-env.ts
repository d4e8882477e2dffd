/**
 * The stale-environment view of one ScaledObject (seed 002, keda#5915): for each variable its
 * `*FromEnv` parameters read, the value KEDA resolved when it last built the scalers next to the
 * value in the current pod template, and when each came about. Literals and ConfigMap references
 * by value, Secret references by name only. Pure; the analysis is `lib/keda/explain-env.ts`, the
 * same the rule `scaledobject-stale-env` uses.
 */
import { at, str } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import {
  analyzeEnv, envContainerName, envReadsOf, envVarStates, firstChangeAfterBuild, isoOf, podSpecOf, templateSince,
  type OperatorStart, type Revision, type VarState,
} from '../keda/explain-env';
import type { RuleHistory } from '../rules/types';
import type { Snapshot } from '../snapshot';

export interface EnvValueDto {
  kind: VarState['kind'];
  /** Literal and ConfigMap values; never a Secret's. */
  value?: string;
  /** Where it comes from, in words (backticks mark code). */
  source?: string;
  /** For people: the value, `not set`, or the Secret reference with "(value not read)". */
  text: string;
  error?: string;
}

export interface RevisionRefDto {
  revision: number;
  replicaSet: string;
  /** When the revision took effect (its ReplicaSet's creation; a lower bound for a rollback). */
  at: string;
}

export interface EnvVarDto {
  name: string;
  /** The trigger parameters that read it, e.g. `consumerGroup` of `` `lag` (kafka) ``. */
  reads: { trigger: string; param: string }[];
  /** What KEDA resolved at its last build; undefined when that cannot be told. */
  keda?: EnvValueDto;
  template: EnvValueDto;
  changed: boolean;
  /** The first revision after the build that changed it (when `changed`). */
  changedIn?: RevisionRefDto;
  /** The earliest revision of the latest run that holds today's value. */
  templateSince?: RevisionRefDto;
}

export interface EnvDto {
  /** The container read: `envSourceContainerName`, else the first container. */
  container?: string;
  containerFrom: 'envSourceContainerName' | 'containers[0]';
  state: 'stale' | 'in-sync' | 'unknown';
  /** When KEDA last built the scalers, as far as scaleguard can tell. */
  builtAt?: string;
  /** The build may be later than `builtAt` (see `unknown`). */
  builtAtLowerBound: boolean;
  builtBecause: string[];
  unknown: string[];
  revisionAtBuild?: RevisionRefDto;
  vars: EnvVarDto[];
  /** Why the build-time values are not known, when they are not. */
  note?: string;
}

const valueDto = (v: VarState | undefined): EnvValueDto => (v
  ? { kind: v.kind, text: v.show, ...(v.value !== undefined ? { value: v.value } : {}), ...(v.source ? { source: v.source } : {}), ...(v.error ? { error: v.error } : {}) }
  : { kind: 'unset', text: 'not set' });

const revRef = (r: Revision | undefined): RevisionRefDto | undefined => (r ? { revision: r.revision, replicaSet: r.rs.metadata.name ?? '', at: isoOf(r.effective) } : undefined);

const NOTES = {
  'no-build-time': 'The ScaledObject has no creation time, so when KEDA built its scalers is unknown.',
  'no-revision-at-build': 'The ReplicaSet of the template in effect when KEDA built the scalers is gone (revisionHistoryLimit), so what KEDA read then is unknown.',
  'not-deployment': 'The target is not a Deployment: its template history (ReplicaSets) is what tells what KEDA read, so only today\'s values are shown.',
  'no-target': 'The scale target does not exist.',
} as const;

/**
 * The env view of `so` on its target `workload` (undefined when missing); null when no trigger
 * reads a `*FromEnv` parameter.
 */
export function buildEnvDto(s: Snapshot, so: KubeObject, workload: KubeObject | undefined, history: RuleHistory, operator: OperatorStart | undefined): EnvDto | null {
  const reads = envReadsOf(so);
  if (reads.length === 0) return null;
  const container = envContainerName(so, workload);
  const vars = [...new Set(reads.map((r) => r.envName))];
  const readsOf = (v: string) => reads.filter((r) => r.envName === v).map((r) => ({ trigger: r.trigger.name ? `\`${r.trigger.name}\` (${r.trigger.type})` : `${r.trigger.type} trigger #${r.index + 1}`, param: r.param }));
  const base = { ...(container.name ? { container: container.name } : {}), containerFrom: container.explicit ? 'envSourceContainerName' as const : 'containers[0]' as const };
  const namespace = so.metadata.namespace ?? '';
  const explicitName = str(at(so.spec, 'scaleTargetRef', 'envSourceContainerName')) || undefined;
  const todayOnly = (note: string, built?: { at: number; because: string[]; unknown: string[] }): EnvDto => {
    const now = workload ? envVarStates(s, podSpecOf(workload), explicitName, vars, namespace) : new Map<string, VarState>();
    return {
      ...base, state: 'unknown', builtBecause: built?.because ?? [], unknown: built?.unknown ?? [], builtAtLowerBound: !!built?.unknown.length,
      ...(built ? { builtAt: isoOf(built.at) } : {}),
      vars: vars.map((name) => ({ name, reads: readsOf(name), template: valueDto(now.get(name)), changed: false })),
      note,
    };
  };
  if (!workload) return todayOnly(NOTES['no-target']);
  if (workload.kind !== 'Deployment') return todayOnly(NOTES['not-deployment']);
  const result = analyzeEnv(s, so, workload, history, operator);
  if (!result.ok) return todayOnly(result.reason === 'no-env-reads' ? '' : NOTES[result.reason], result.built);
  const a = result.analysis;
  return {
    ...base,
    state: a.changed.length ? 'stale' : 'in-sync',
    builtAt: isoOf(a.built.at),
    builtAtLowerBound: a.built.unknown.length > 0,
    builtBecause: a.built.because,
    unknown: a.built.unknown,
    revisionAtBuild: revRef(a.inEffect),
    vars: a.vars.map((name) => {
      const changed = a.changed.includes(name);
      const changedIn = changed ? revRef(firstChangeAfterBuild(s, a, [name])) : undefined;
      const since = revRef(templateSince(s, a, name));
      return {
        name, reads: readsOf(name), keda: valueDto(a.then.get(name)), template: valueDto(a.now.get(name)), changed,
        ...(changedIn ? { changedIn } : {}), ...(since ? { templateSince: since } : {}),
      };
    }),
  };
}
