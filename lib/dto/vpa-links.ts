/** URLs of the VPA pages, so every VerticalPodAutoscaler name (in findings too) links to its page. */

/** `/vpa/<namespace>/<name>` */
export function vpaHref(ref: { namespace?: string; name: string }): string {
  return `/vpa/${encodeURIComponent(ref.namespace ?? '')}/${encodeURIComponent(ref.name)}`;
}

/** The element id of a VPA's card on `/vpa`. */
export function vpaAnchor(ref: { namespace?: string; name: string }): string {
  return `vpa-${ref.namespace ?? ''}-${ref.name}`.toLowerCase();
}
