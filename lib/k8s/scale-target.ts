import { type ObjectRef, splitApiVersion } from './object';
import { at, str } from './fields';

/** A `scaleTargetRef`/`targetRef` resolved against the autoscaler's namespace. */
export interface ScaleTarget extends ObjectRef {
  namespace: string;
  /** API group of the target (`apps` for Deployments), the part of apiVersion that identifies it. */
  group: string;
}

/**
 * Reads a `{ apiVersion, kind, name }` reference. `defaults` fills an empty apiVersion/kind:
 * KEDA treats both as `apps/v1` `Deployment` (upstream), native HPAs do not.
 */
export function readScaleTarget(
  ref: unknown,
  namespace: string | undefined,
  defaults?: { apiVersion: string; kind: string },
): ScaleTarget | undefined {
  const name = str(at(ref, 'name'));
  if (!name || !namespace) return undefined;
  const apiVersion = str(at(ref, 'apiVersion')) || defaults?.apiVersion || '';
  const kind = str(at(ref, 'kind')) || defaults?.kind || '';
  if (!kind) return undefined;
  return { apiVersion, kind, name, namespace, group: splitApiVersion(apiVersion).group };
}

/** The graph key of a target (`namespace/group/kind/name`), version ignored. */
export function targetKey(t: { namespace: string; group: string; kind: string; name: string }): string {
  return `${t.namespace}/${t.group}/${t.kind}/${t.name}`;
}
