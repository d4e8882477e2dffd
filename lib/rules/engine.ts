/** Runs every rule over a snapshot and ranks the findings: severity first, then the oldest first. */
import { buildScalingGraph, type ScalingGraph } from '../graph/scaling-graph';
import { ObjectRef } from '../k8s/object';
import type { Snapshot } from '../snapshot';
import { RULES } from './index';
import { NO_HISTORY, SEVERITY_ORDER, type Finding, type Rule, type RuleHistory } from './types';

export interface EngineOptions {
  now: string;
  graph?: ScalingGraph;
  history?: RuleHistory;
  rules?: readonly Rule[];
}

export interface EngineResult {
  findings: Finding[];
  /** Rules that threw: a bug, reported instead of hiding every other finding. */
  errors: { rule: string; message: string }[];
}

export function runRules(snapshot: Snapshot, opts: EngineOptions): EngineResult {
  const ctx = { now: opts.now, graph: opts.graph ?? buildScalingGraph(snapshot), history: opts.history ?? NO_HISTORY };
  const findings: Finding[] = [];
  const errors: EngineResult['errors'] = [];
  for (const rule of opts.rules ?? RULES) {
    try {
      findings.push(...rule.check(snapshot, ctx));
    } catch (e) {
      errors.push({ rule: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { findings: findings.sort(rankFindings), errors };
}

/**
 * Severity, then age (oldest first; unknown age last), then the first subject's key. Ordinal
 * comparison: timestamps are RFC 3339 and names lowercase DNS labels, and a locale-aware compare
 * costs more than the rules at a thousand findings.
 */
export function rankFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    ordinal(a.since ?? '\uffff', b.since ?? '\uffff') ||
    ordinal(keyOf(a), keyOf(b)) ||
    ordinal(a.rule, b.rule)
  );
}

const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function keyOf(f: Finding): string {
  return f.subjects[0] ? ObjectRef.key(f.subjects[0]) : '';
}
