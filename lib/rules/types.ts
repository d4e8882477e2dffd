/**
 * The rule contract (design §4). A rule sees the whole snapshot (and its scaling graph) but
 * reports only about its subjects; it never reads the clock — `ctx.now` is the only time it knows.
 */
import type { ActionId } from '../actions';
import type { ScalingGraph } from '../graph/scaling-graph';
import type { ObjectRef } from '../k8s/object';
import type { Snapshot } from '../snapshot';

export type Severity = 'critical' | 'warning' | 'info';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export interface Finding {
  rule: string;
  severity: Severity;
  /** The objects the finding is about; the first is the workload (or autoscaler) it is filed under. */
  subjects: ObjectRef[];
  /** One line: what is wrong, with names. */
  message: string;
  /** The mechanism in plain words with the actual names and values; `code` spans in backticks. */
  explanation: string;
  /** What to do about it. */
  remedy: string;
  /** Guarded actions (design §5) that fix it; the server decides whether the caller may run them. */
  actions?: ActionId[];
  /** Since when the condition holds, when the objects tell (used to rank by age). */
  since?: string;
}

/**
 * What scaleguard observed over time that the objects alone do not say. The server records it
 * while it watches; tests pass fixed values. Unknown means "before scaleguard was watching".
 */
export interface RuleHistory {
  /** When the object with `uid` was first seen at `generation`. */
  generationObservedAt(uid: string, generation: number): string | undefined;
}

export interface RuleContext {
  /** The instant the findings are computed for (ISO 8601). */
  now: string;
  graph: ScalingGraph;
  history: RuleHistory;
}

export interface Rule {
  /** Equals the file name, e.g. `hpa-overlap` in `lib/rules/hpa-overlap.ts`. */
  id: string;
  severity: Severity;
  /** A short title for lists and filters. */
  title: string;
  check(snapshot: Snapshot, ctx: RuleContext): Finding[];
  /**
   * The rule reads `ctx.now` or `ctx.history`, which change without any object changing: the
   * incremental engine runs it on every evaluation instead of reusing its last answer.
   */
  volatile?: true;
}

/** A history that knows nothing (a fresh start, or tests that do not need it). */
export const NO_HISTORY: RuleHistory = { generationObservedAt: () => undefined };
