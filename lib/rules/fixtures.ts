/**
 * Rule fixtures: multi-document YAML of cluster objects, plus an optional `Expectation` document
 * (apiVersion `test.scaleguard.dev/v1`) saying which findings a conflict fixture must produce,
 * at which instant, and what scaleguard's history knows.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../k8s/object';
import type { RuleHistory } from './types';

export interface Expectation {
  /** The instant the rules run at (default 2026-11-22T12:00:00Z). */
  now?: string;
  /** Expected findings, each by its subjects as `Kind/namespace/name` (order-insensitive). */
  findings?: { subjects: string[]; actions?: string[] }[];
  /** Observed generation changes: `uid`, `generation`, `observedAt`. */
  generations?: { uid: string; generation: number; observedAt: string }[];
}

export interface Fixture {
  objects: KubeObject[];
  expectation: Expectation;
}

export const FIXTURE_NOW = '2026-11-22T12:00:00Z';

export function parseFixture(text: string): Fixture {
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown> | null).filter((d): d is Record<string, unknown> => !!d);
  const exp = docs.find((d) => d.apiVersion === 'test.scaleguard.dev/v1' && d.kind === 'Expectation');
  return {
    objects: docs.filter((d) => d !== exp) as unknown as KubeObject[],
    expectation: (exp ?? {}) as Expectation,
  };
}

export function historyOf(e: Expectation): RuleHistory {
  return {
    generationObservedAt: (uid, generation) => e.generations?.find((g) => g.uid === uid && g.generation === generation)?.observedAt,
  };
}

/** `Kind/namespace/name` of a subject, as fixtures write them. */
export function subjectKey(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}
