/**
 * `meta.k8s.io/v1` Table responses for `kubectl get`: the resource's printer columns and one row
 * per object, each row carrying the object as PartialObjectMetadata (or whole, or nothing) per
 * `includeObject`.
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { defaultPrinter } from '../kinds/printers';
import type { ResourceInfo } from '../registry/types';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** An object reduced to its metadata, as PartialObjectMetadata. */
export function partialMetadata(obj: KubeObject): JsonObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata as unknown as JsonObject };
}

export interface TableOptions {
  includeObject: IncludeObject;
  /** Watch events after the first carry no column definitions, as kube-apiserver does. */
  noHeaders?: boolean;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export function toTable(res: ResourceInfo, objects: KubeObject[], now: number, opts: TableOptions): JsonObject {
  const printer = res.strategy.printer ?? defaultPrinter;
  const metadata: JsonObject = {};
  if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  const rows = objects.map((o) => {
    const row: JsonObject = { cells: printer.cells(o, now) };
    if (opts.includeObject === 'Metadata') row.object = partialMetadata(o);
    else if (opts.includeObject === 'Object') row.object = o as unknown as JsonObject;
    return row;
  });
  const columns = opts.noHeaders ? [] : printer.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }));
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: columns, rows };
}
