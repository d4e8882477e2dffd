/** What representation a client asked for in `Accept`: the object, a Table, or metadata only. */

export type Representation = 'object' | 'table' | 'metadata';

export function representation(accept: string | undefined): Representation {
  if (!accept) return 'object';
  // The first acceptable alternative wins, as kube's negotiation does in order.
  for (const part of accept.split(',')) {
    const p = part.trim().toLowerCase();
    if (p.includes('as=table') && p.includes('g=meta.k8s.io')) return 'table';
    if ((p.includes('as=partialobjectmetadata') || p.includes('as=partialobjectmetadatalist')) && p.includes('g=meta.k8s.io')) return 'metadata';
    if (p.startsWith('application/json') || p.startsWith('*/*') || p.startsWith('application/*') || p.startsWith('application/yaml') || p.startsWith('application/vnd.kubernetes.protobuf')) return 'object';
  }
  return 'object';
}

/** The Content-Type of a response in a representation. */
export function contentTypeOf(r: Representation, list: boolean): string {
  if (r === 'table') return 'application/json;as=Table;v=v1;g=meta.k8s.io';
  if (r === 'metadata') return `application/json;as=PartialObjectMetadata${list ? 'List' : ''};v=v1;g=meta.k8s.io`;
  return 'application/json';
}
