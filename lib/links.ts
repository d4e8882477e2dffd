/** URLs of scaleguard's own pages for cluster objects, so every object name can link to its page. */

export function workloadHref(ref: { namespace: string; kind: string; name: string }): string {
  return `/workloads/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}`;
}
