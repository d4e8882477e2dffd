/** URLs of the KEDA pages, so every ScaledObject name (in findings too) links to its page. */

/** `/keda/<namespace>/<name>` */
export function scaledObjectHref(ref: { namespace?: string; name: string }): string {
  return `/keda/${encodeURIComponent(ref.namespace ?? '')}/${encodeURIComponent(ref.name)}`;
}
