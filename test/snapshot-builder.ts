/**
 * Builds a Snapshot from multi-document YAML for tests, the way the informer cache would: objects
 * sorted by namespace/name per kind, every add-on kind present unless excluded.
 */
import { parseAllDocuments } from 'yaml';
import { normalizeMetadata, type KubeObject } from '@/lib/k8s/object';
import { RESOURCE_KINDS, type ResourceId } from '@/lib/k8s/resources';
import { Snapshot } from '@/lib/snapshot';

export const NOW = '2026-11-22T12:00:00Z';

export function snapshotFromObjects(raw: KubeObject[], opts: { absent?: ResourceId[] } = {}): Snapshot {
  // As the informer cache ingests them: metadata typed, the rest as the API returned it.
  const objects = raw.map((o) => ({ ...o, metadata: normalizeMetadata(o.metadata) }));
  const s = Snapshot.empty('test', NOW, { state: 'connected' });
  const kinds = { ...s.kinds };
  const byKind = { ...s.objects } as Record<ResourceId, KubeObject[]>;
  for (const k of RESOURCE_KINDS) {
    const items = objects
      .filter((o) => o.kind === k.kind && (o.apiVersion.split('/')[0] === k.group || (!k.group && !o.apiVersion.includes('/'))))
      .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    const absent = opts.absent?.includes(k.id);
    byKind[k.id] = absent ? [] : items;
    kinds[k.id] = absent ? { state: 'absent', count: 0 } : { state: 'synced', count: items.length, lastSyncAt: NOW };
  }
  return { ...s, version: 1, kinds, objects: byKind };
}

export function snapshotFromYaml(text: string, opts: { absent?: ResourceId[] } = {}): Snapshot {
  const objects = parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter(Boolean);
  return snapshotFromObjects(objects, opts);
}
