/** URLs of the CronHPA pages, so every CronHPA name (in findings too) links to its page. */

/** `/cronhpa/<namespace>/<name>` */
export function cronHpaHref(ref: { namespace?: string; name: string }): string {
  return `/cronhpa/${encodeURIComponent(ref.namespace ?? '')}/${encodeURIComponent(ref.name)}`;
}

/** The element id of a CronHPA's card on `/cronhpa`. */
export function cronHpaAnchor(ref: { namespace?: string; name: string }): string {
  return `cronhpa-${ref.namespace ?? ''}-${ref.name}`.toLowerCase();
}
