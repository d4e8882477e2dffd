/**
 * How the HPA controller writes what it computed: conditions set in place (`setConditionInList`),
 * metric values as `resource.NewMilliQuantity(v, DecimalSI)` quantities, and label selectors the
 * way Go's `%+v` prints a `*metav1.LabelSelector` inside event and condition messages.
 */

export interface HpaCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * `setConditionInList` of horizontal.go: updates the condition of `type` or appends it (so the
 * order is the order of first use); the transition time moves only when the status changes.
 */
export function setCondition(list: readonly HpaCondition[], type: string, status: string, reason: string, message: string, nowRfc3339: string): HpaCondition[] {
  const out = list.map((c) => ({ ...c }));
  let c = out.find((x) => x.type === type);
  if (!c) {
    c = { type, status: '' };
    out.push(c);
  }
  if (c.status !== status) c.lastTransitionTime = nowRfc3339;
  c.status = status;
  c.reason = reason;
  c.message = message;
  return out;
}

const DECIMAL_SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A milli-value as a canonical DecimalSI quantity: 1500 → `1500m`, 2000 → `2`, 3e9 → `3M`. */
export function formatMilliQuantity(milli: number): string {
  const m = Math.round(milli);
  if (m % 1000 !== 0) return `${m}m`;
  let v = m / 1000;
  let i = 0;
  while (v !== 0 && v % 1000 === 0 && i < DECIMAL_SUFFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v}${DECIMAL_SUFFIXES[i]}`;
}

interface Requirement {
  key?: unknown;
  operator?: unknown;
  values?: unknown;
}

/**
 * Go's `%+v` of a `*metav1.LabelSelector` (gogo-generated `String()`), as upstream messages embed it:
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`,
 * or `nil` for no selector.
 */
export function goLabelSelector(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null) return 'nil';
  const s = selector as { matchLabels?: Record<string, unknown>; matchExpressions?: Requirement[] };
  const labels = Object.keys(s.matchLabels ?? {}).sort().map((k) => `${k}: ${String(s.matchLabels![k])},`).join('');
  const exprs = (Array.isArray(s.matchExpressions) ? s.matchExpressions : [])
    .map((r) => `LabelSelectorRequirement{Key:${String(r.key ?? '')},Operator:${String(r.operator ?? '')},Values:[${(Array.isArray(r.values) ? r.values : []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
