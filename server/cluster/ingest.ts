import 'server-only';
import { normalizeMetadata, type KubeObject } from '@/lib/k8s/object';
import { apiVersionOf, type ResourceKind } from '@/lib/k8s/resources';
import { trim } from './trim';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Prepares an object for the cache: drops `managedFields` and kubectl's last-applied copy (about
 * half of a Deployment's bytes, never read by scaleguard; backups re-read objects from the API),
 * fills apiVersion/kind, which list items of built-in kinds omit, and trims high-volume kinds.
 */
export function ingest(raw: unknown, kind: ResourceKind): KubeObject | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const obj = raw as KubeObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null || typeof obj.metadata.name !== 'string') return undefined;
  // normalizeMetadata keeps only typed fields, so managedFields go here too.
  obj.metadata = normalizeMetadata(obj.metadata);
  if (obj.metadata.annotations && LAST_APPLIED in obj.metadata.annotations) {
    const { [LAST_APPLIED]: _dropped, ...rest } = obj.metadata.annotations;
    obj.metadata.annotations = rest;
  }
  obj.apiVersion = apiVersionOf(kind);
  obj.kind = kind.kind;
  return trim(kind.id, obj);
}

/** Cache key of an object within one kind. */
export function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}
