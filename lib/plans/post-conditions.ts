/**
 * Evaluates a plan's post-conditions against the live cluster, purely: the caller passes a lookup
 * that reads the objects (and, for `no-findings`, the current findings). The server's guard
 * pipeline and the simulator tests use this one function, so "done" means the same everywhere.
 */
import { at, list, str, stringMap } from '../k8s/fields';
import { findCondition, ObjectRef, type JsonValue, type KubeObject } from '../k8s/object';
import type { Finding } from '../rules/types';
import type { PostCondition } from './types';

export interface PostConditionLookup {
  /** The live object a reference names, or undefined when it does not exist. */
  get(ref: ObjectRef): KubeObject | undefined;
  /** The findings of the rule engine over a fresh snapshot (only `no-findings` asks). */
  findings(): readonly Finding[];
}

export interface PostConditionResult {
  met: boolean;
  /** What was found, in words (shown while waiting and when the step times out). */
  detail: string;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const where = (ref: ObjectRef) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** Whether a post-condition holds now, and what was seen. */
export function evaluatePostCondition(pc: PostCondition, lookup: PostConditionLookup): PostConditionResult {
  if (pc.kind === 'no-findings') {
    const keys = new Set(pc.subjects.map((r) => ObjectRef.key(r)));
    const hits = lookup.findings().filter((f) => (!pc.rules || pc.rules.includes(f.rule)) && f.subjects.some((r) => keys.has(ObjectRef.key(r))));
    return hits.length === 0
      ? { met: true, detail: `no ${pc.rules ? pc.rules.join(' / ') : ''} finding on ${pc.subjects.map(where).join(', ')}` }
      : { met: false, detail: hits.map((f) => `${f.rule}: ${f.message}`).join('; ') };
  }
  const obj = lookup.get(pc.target);
  const name = where(pc.target);
  switch (pc.kind) {
    case 'exists':
      return { met: !!obj, detail: obj ? `${name} exists` : `${name} does not exist yet` };
    case 'absent':
      return { met: !obj, detail: obj ? `${name} still exists` : `${name} is gone` };
    case 'owned-by': {
      if (!obj) return { met: false, detail: `${name} does not exist` };
      const owners = list(obj.metadata.ownerReferences).map((o) => `${str(at(o, 'kind')) ?? '?'} ${str(at(o, 'name')) ?? '?'}`);
      const met = list(obj.metadata.ownerReferences).some((o) => str(at(o, 'kind')) === pc.owner.kind && str(at(o, 'name')) === pc.owner.name);
      return { met, detail: `${name} is owned by ${owners.length ? owners.join(', ') : 'nothing'}` };
    }
    case 'condition': {
      if (!obj) return { met: false, detail: `${name} does not exist` };
      const c = findCondition(obj.status, pc.type);
      return { met: c?.status === pc.status, detail: c ? `${name} reports ${pc.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}` : `${name} reports no ${pc.type} condition yet` };
    }
    case 'field': {
      if (!obj) return { met: false, detail: `${name} does not exist` };
      const value = at(obj, ...pc.path);
      return { met: deepEqual(value, pc.equals), detail: `${name} ${pc.path.join('.')} is ${value === undefined ? 'unset' : JSON.stringify(value as JsonValue)}` };
    }
    case 'annotation-absent': {
      if (!obj) return { met: false, detail: `${name} does not exist` };
      const value = stringMap(obj.metadata.annotations)[pc.annotation];
      return { met: value === undefined, detail: value === undefined ? `${name} has no ${pc.annotation}` : `${name} carries ${pc.annotation}: "${value}"` };
    }
  }
}
