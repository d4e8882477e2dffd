import 'server-only';
/**
 * One plan operation against the cluster: with the migration's annotation, with its precondition
 * (resourceVersion in the body of an update or patch, `preconditions` on a delete), for real or as
 * a server-side dry-run; and whether its effect is already there (a resumed step skips it).
 */
import { isRecord, type JsonValue, type KubeObject } from '@/lib/k8s/object';
import { mergePatchHolds, afterOperation, operationRef, sameJson } from '@/lib/plans/preview';
import { MIGRATION_ANNOTATION, withMigrationAnnotation } from '@/lib/plans/record';
import type { Operation } from '@/lib/plans/types';
import { KubeError, type KubeClient } from './kube';

/** The operation as it is sent: marked with the migration, precondition included. */
export function prepare(op: Operation, migrationId: string, current: KubeObject | undefined): Operation {
  const marked = withMigrationAnnotation(op, migrationId, !!current?.metadata.annotations && Object.keys(current.metadata.annotations).length > 0);
  if (marked.kind === 'update') {
    const rv = marked.precondition.resourceVersion;
    return { ...marked, object: { ...marked.object, metadata: { ...marked.object.metadata, ...(rv ? { resourceVersion: rv } : {}), ...(marked.precondition.uid ? { uid: marked.precondition.uid } : {}) } } };
  }
  if (marked.kind === 'patch') {
    const { resourceVersion: rv, uid } = marked.precondition;
    if (!rv && !uid) return marked;
    if (marked.patchType === 'json') {
      // A JSON patch carries its precondition as `test` operations, checked atomically by the server.
      const tests = [
        ...(uid ? [{ op: 'test', path: '/metadata/uid', value: uid }] : []),
        ...(rv ? [{ op: 'test', path: '/metadata/resourceVersion', value: rv }] : []),
      ];
      return { ...marked, patch: [...tests, ...(Array.isArray(marked.patch) ? marked.patch : [])] };
    }
    const body = isRecord(marked.patch) ? marked.patch : {};
    const meta = isRecord(body.metadata) ? body.metadata : {};
    return { ...marked, patch: { ...body, metadata: { ...meta, ...(rv ? { resourceVersion: rv } : {}), ...(uid ? { uid } : {}) } } as JsonValue };
  }
  return marked;
}

/** Sends a prepared operation. A JSON patch whose `test` fails answers 422; it is a conflict. */
export async function execute(client: KubeClient, op: Operation, dryRun: boolean): Promise<{ object?: KubeObject; warnings: string[] }> {
  try {
    switch (op.kind) {
      case 'create':
        return await client.create(op.object, dryRun);
      case 'update':
        return await client.replace(op.object, dryRun);
      case 'patch':
        return await client.patch(op.target, op.patchType, op.patch, dryRun);
      case 'delete': {
        const r = await client.delete(op.target, { propagationPolicy: op.propagationPolicy, precondition: op.precondition, dryRun });
        return { warnings: r.warnings };
      }
    }
  } catch (e) {
    if (e instanceof KubeError && op.kind === 'patch' && op.patchType === 'json' && e.status === 422 && /test/i.test(e.message)) {
      throw new KubeError(e.message, 409, 'Conflict');
    }
    throw e;
  }
}

/** Why the object is not what the operation was planned against (uid), if it is not. */
export function preconditionBroken(op: Operation, current: KubeObject | undefined): string | undefined {
  if (op.kind === 'create') return undefined;
  const name = `${op.target.kind} ${op.target.namespace ?? ''}/${op.target.name}`;
  if (!current) return op.kind === 'delete' ? undefined : `${name} no longer exists`;
  if (op.precondition.uid && current.metadata.uid !== op.precondition.uid) return `${name} was deleted and re-created (uid ${op.precondition.uid} → ${current.metadata.uid})`;
  return undefined;
}

/**
 * Whether the operation's effect is already in the cluster, so a resumed or repeated step does not
 * write it again: a create whose object exists with this migration's annotation; a patch or update
 * whose object carries the annotation and the patched values; a delete whose object is gone.
 */
export function effectPresent(op: Operation, current: KubeObject | undefined, migrationId: string): boolean {
  const ours = current?.metadata.annotations?.[MIGRATION_ANNOTATION] === migrationId;
  switch (op.kind) {
    case 'create':
      return !!current && ours;
    case 'delete':
      return !current || (!!op.precondition.uid && current.metadata.uid !== op.precondition.uid);
    case 'update':
      return !!current && ours && sameJson(withoutMeta(current), withoutMeta(op.object));
    case 'patch': {
      if (!current || !ours) return false;
      if (op.patchType === 'json') {
        const after = afterOperation(op, current);
        return !!after && sameJson(withoutMeta(after), withoutMeta(current));
      }
      const body = isRecord(op.patch) ? { ...op.patch } : {};
      // The precondition and our own annotation are not part of the effect.
      if (isRecord(body.metadata)) {
        const { resourceVersion: _rv, uid: _uid, ...meta } = body.metadata;
        body.metadata = meta;
      }
      return mergePatchHolds(current, body as JsonValue);
    }
  }
}

function withoutMeta(o: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

export { operationRef };
