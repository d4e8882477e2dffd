import { type ObjectRef, splitApiVersion } from './object';
import { at, str } from './fields';

/** A `scaleTargetRef`/`targetRef` resolved against the autoscaler's namespace. */
export interface ScaleTarget extends ObjectRef {
  namespace: string;
  /** API group of the target (`apps` for Deployments), the part of apiVersion that identifies it. */
  group: string;
  /** `namespace/group/kind/name`, the graph key of the target. */
  key: string;
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
  const group = splitApiVersion(apiVersion).group;
  return { apiVersion, kind, name, namespace, group, key: `${namespace}/${group}/${kind}/${name}` };
}

/** The graph key of a target (`namespace/group/kind/name`), version ignored. */
export function targetKey(t: { namespace: string; group: string; kind: string; name: string; key?: string }): string {
  return t.key ?? `${t.namespace}/${t.group}/${t.kind}/${t.name}`;
}

/** The same reference with another name (e.g. Flagger's `<target>-primary`), key included. */
export function renamed(t: ScaleTarget, name: string): ScaleTarget {
  return { ...t, name, key: `${t.namespace}/${t.group}/${t.kind}/${name}` };
}
