/**
 * Flagger's naming and metadata rules for the objects it derives from a Canary's target
 * (fluxcd/flagger pkg/canary/util.go, deployment_controller.go, hpa_reconciler.go).
 */

/** Keys containing this marker are Flux's and are never copied (util.go `toolkitMarker`). */
export const TOOLKIT_MARKER = 'toolkit.fluxcd.io';
/** KEDA's pause annotation; Flagger sets it to "0" on the canary ScaledObject (scaled_object_reconciler.go). */
export const PAUSED_REPLICAS_ANNOTATION = 'autoscaling.keda.sh/paused-replicas';
/** The pod-template annotation Flagger rewrites with a fresh UUID on every primary write (util.go `makeAnnotations`). */
export const FLAGGER_ID_ANNOTATION = 'flagger-id';
/** Flagger's default `-selector-labels`. */
export const DEFAULT_SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'];

/** The primary of X is `X-primary`, for workloads, autoscalers, ConfigMaps and Secrets alike. */
export function primaryName(name: string): string {
  return `${name}-primary`;
}

/** Drops Flux's keys (util.go `filterMetadata`). */
export function filterMetadata(meta: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta ?? {})) if (!k.includes(TOOLKIT_MARKER)) out[k] = v;
  return out;
}

/**
 * Keeps the keys starting with one of `prefixes` (`*` keeps all); an empty prefix keeps nothing,
 * so Flagger's default `-include-label-prefix=""` copies no label (util.go `includeLabelsByPrefix`).
 */
export function includeLabelsByPrefix(labels: Record<string, string> | undefined, prefixes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.includes(TOOLKIT_MARKER)) continue;
    if (prefixes.some((p) => p === '*' || (p !== '' && k.startsWith(p)))) out[k] = v;
  }
  return out;
}

/** Labels with the selector label replaced by the primary's value (util.go `makePrimaryLabels`). */
export function makePrimaryLabels(labels: Record<string, string> | undefined, labelValue: string, label: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!k.includes(TOOLKIT_MARKER) && k !== label) out[k] = v;
  out[label] = labelValue;
  return out;
}

/** The first of `selectorLabels` in the Deployment's matchLabels (deployment_controller.go `getSelectorLabel`). */
export function selectorLabel(matchLabels: Record<string, string> | undefined, selectorLabels: readonly string[] = DEFAULT_SELECTOR_LABELS): { label: string; value: string } | undefined {
  for (const l of selectorLabels) {
    const v = matchLabels?.[l];
    if (v !== undefined) return { label: l, value: v };
  }
  return undefined;
}

/** Flagger's error text when no selector label is found. */
export function selectorLabelError(name: string, namespace: string, selectorLabels: readonly string[] = DEFAULT_SELECTOR_LABELS): string {
  return `deployment ${name}.${namespace} spec.selector.matchLabels must contain one of [${selectorLabels.join(' ')}]`;
}
