/** Where the KEDA pages live. */
export function scaledObjectHref(ref: { namespace: string; name: string }): string {
  return `/keda/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}
