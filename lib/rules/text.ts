/** Small wording helpers so every rule names objects the same way. */
import type { KubeObject, ObjectRef } from '../k8s/object';

const SHORT_KIND: Record<string, string> = {
  HorizontalPodAutoscaler: 'HPA',
  VerticalPodAutoscaler: 'VPA',
  CronHorizontalPodAutoscaler: 'CronHPA',
};

/** `` `name` `` — rendered as code by the UI. */
export function code(text: string | number): string {
  return `\`${text}\``;
}

/** "HPA `orders`", "Deployment `orders`", "ScaledObject `orders`". */
export function named(ref: Pick<ObjectRef, 'kind' | 'name'>): string {
  return `${SHORT_KIND[ref.kind] ?? ref.kind} ${code(ref.name)}`;
}

/** "a, b and c". */
export function listing(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A reference to an existing object. */
export function refOf(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

/** The latest of some ISO timestamps (when the last piece of a conflict appeared). */
export function latest(...times: (string | undefined)[]): string | undefined {
  return times.filter((t): t is string => !!t).sort().at(-1);
}
