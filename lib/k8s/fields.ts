/**
 * Defensive readers for untrusted cluster JSON. Objects come from any API server and may be
 * malformed (a string where a number belongs, a missing spec); readers return `undefined`
 * instead of throwing so one bad object never takes a page down.
 */
import { isRecord } from './object';

/** Walks a path of keys; returns undefined as soon as a step is not an object. */
export function at(value: unknown, ...path: string[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An integer (Kubernetes int32/int64 fields); numeric strings are not accepted. */
export function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
