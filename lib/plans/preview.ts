/**
 * The preview of a plan step (design §5 step 3): every object it changes as YAML before and after,
 * and their unified diff. Pure: the server reads the "before" objects and hands them in.
 */
import { createTwoFilesPatch } from 'diff';
import { applyPatch, type Operation as JsonPatchOperation } from 'fast-json-patch';
import { stringify } from 'yaml';
import type { ObjectDiffDto, OperationDto } from '../dto/migrations';
import { isRecord, ObjectRef, type JsonValue, type KubeObject } from '../k8s/object';
import type { Operation } from './types';

/** The object an operation acts on. */
export function operationRef(op: Operation): ObjectRef {
  return op.kind === 'create' ? ObjectRef.of(op.object) : op.target;
}

/** `create ScaledObject shop/orders`, `patch (merge) Canary delivery/podinfo` … */
export function describeOperation(op: Operation): OperationDto {
  const ref = operationRef(op);
  const name = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const summary =
    op.kind === 'patch' ? `patch (${op.patchType}) ${name}`
    : op.kind === 'delete' ? `delete ${name}${op.propagationPolicy ? ` (propagation ${op.propagationPolicy})` : ''}`
    : `${op.kind} ${name}`;
  return { kind: op.kind, ref, summary };
}

/**
 * An object as a person wants to read it in a preview: without `managedFields`,
 * `resourceVersion`, `generation` and `status`, which change on every write and hide the edit.
 */
export function previewManifest(obj: KubeObject | null | undefined): KubeObject | null {
  if (!obj) return null;
  const { status: _status, ...rest } = obj;
  const { managedFields: _m, resourceVersion: _rv, generation: _g, ...metadata } = obj.metadata;
  return { ...rest, metadata };
}

/** YAML of a previewed object; the empty string for none. */
export function manifestYaml(obj: KubeObject | null | undefined): string {
  const clean = previewManifest(obj);
  return clean ? stringify(clean, { lineWidth: 0 }) : '';
}

/** RFC 7386 JSON merge patch: `null` removes a key, objects merge, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/**
 * What an operation leaves behind, given the object as it is now: a create's object, a patch
 * applied to `before` (merge and JSON patches exactly; a strategic merge patch is taken from the
 * planner's `after`, as list merging needs the schema), an update's object, nothing after a delete.
 */
export function afterOperation(op: Operation, before: KubeObject | null): KubeObject | null {
  switch (op.kind) {
    case 'create':
      return op.object;
    case 'update':
      return op.object;
    case 'delete':
      return null;
    case 'patch': {
      if (!before || op.patchType === 'strategic') return op.after;
      if (op.patchType === 'merge') return applyMergePatch(before, op.patch) as KubeObject;
      if (!Array.isArray(op.patch)) return op.after;
      try {
        return applyPatch(structuredClone(before), op.patch as unknown as JsonPatchOperation[], false, false).newDocument;
      } catch {
        // A patch that does not apply to the current object: the dry-run reports why.
        return op.after;
      }
    }
  }
}

/** One object's YAML before and after and their unified diff (the whole object for a create or delete). */
export function objectDiff(ref: ObjectRef, before: KubeObject | null, after: KubeObject | null): ObjectDiffDto {
  const beforeYaml = manifestYaml(before);
  const afterYaml = manifestYaml(after);
  const change: ObjectDiffDto['change'] = !before ? 'create' : !after ? 'delete' : 'update';
  const file = `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}.yaml`;
  const unified = createTwoFilesPatch(before ? `a/${file}` : '/dev/null', after ? `b/${file}` : '/dev/null', beforeYaml, afterYaml, undefined, undefined, { context: 4 });
  return { ref, change, before: before ? beforeYaml : null, after: after ? afterYaml : null, unified: stripIndexLine(unified) };
}

/** The diff of one operation against the object as it is now. */
export function operationDiff(op: Operation, current: KubeObject | null): ObjectDiffDto {
  return objectDiff(operationRef(op), op.kind === 'create' ? null : current, afterOperation(op, current));
}

// jsdiff starts with a row of `=` (after an `Index:` line for createPatch); `git diff` readers expect `---` first.
function stripIndexLine(patch: string): string {
  return patch.replace(/^(?:Index: .*\n)?=+\n/, '');
}

/** Whether every leaf a merge patch sets already has that value in `obj` (its effect is there). */
export function mergePatchHolds(obj: unknown, patch: JsonValue): boolean {
  if (!isRecord(patch)) return sameJson(obj, patch);
  const o = isRecord(obj) ? obj : {};
  return Object.entries(patch).every(([k, v]) => (v === null ? !(k in o) || o[k] === null : mergePatchHolds(o[k], v)));
}

/** Deep equality of JSON values (object key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
}
