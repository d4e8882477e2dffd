import 'server-only';
/**
 * Findings of a context: the rules run once per snapshot (and again when the snapshot is older
 * than a little while, since some rules measure durations against `now`), then each finding's
 * actions are checked against what the caller may do.
 */
import { ACTION_IDS, type ActionId } from '@/lib/actions';
import { countBySeverity, filterFindings, type FindingDto, type FindingsDto, type FindingsQuery } from '@/lib/dto/findings';
import { runRulesIncrementally, type IncrementalState } from '@/lib/rules/incremental';
import { RULES } from '@/lib/rules/index';
import type { Finding } from '@/lib/rules/types';
import type { Snapshot } from '@/lib/snapshot';
import type { ClusterCache } from './cluster/cluster-cache';
import { ruleHistory } from './history';

const RECOMPUTE_AFTER_MS = 30_000;
const computed = new WeakMap<Snapshot, { at: number; findings: Finding[]; errors: { rule: string; message: string }[] }>();
/** Per context, what the last evaluation leaves: namespaces nothing changed in are not evaluated again. */
const previous = new Map<string, IncrementalState>();

/** The ranked findings of a snapshot (no permission checks: pure rule output). */
export function findingsOf(s: Snapshot): Finding[] {
  const hit = computed.get(s);
  if (hit && Date.now() - hit.at < RECOMPUTE_AFTER_MS) return hit.findings;
  const result = runRulesIncrementally(s, { now: new Date().toISOString(), history: ruleHistory(s.context) }, previous.get(s.context));
  previous.set(s.context, result.state);
  for (const e of result.errors) console.error(`scaleguard: rule ${e.rule} failed: ${e.message}`);
  computed.set(s, { at: Date.now(), ...result });
  return result.findings;
}

const TITLES = new Map(RULES.map((r) => [r.id, r.title]));

export async function findingsFor(cache: ClusterCache, query: FindingsQuery): Promise<FindingsDto> {
  const all = findingsOf(cache.snapshot());
  const counted = filterFindings(all, { ...query, severity: undefined });
  const matching = filterFindings(counted, query);
  const offset = query.offset ?? 0;
  const page = matching.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  return {
    items: await Promise.all(page.map((f) => decorate(cache, f))),
    counts: countBySeverity(counted),
    total: matching.length,
    offset,
    generatedAt: new Date().toISOString(),
  };
}

async function decorate(cache: ClusterCache, f: Finding): Promise<FindingDto> {
  const namespace = f.subjects[0]?.namespace ?? 'default';
  const ids = (f.actions ?? []).filter((a): a is ActionId => (ACTION_IDS as readonly string[]).includes(a));
  return { ...f, title: TITLES.get(f.rule) ?? f.rule, actions: await Promise.all(ids.map((id) => cache.access.action(id, namespace))) };
}
