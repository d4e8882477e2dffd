/** Filtering the KEDA page's lists (namespace and free text), pure; the filter lives in the URL. */
import type { ScaledJobRowDto, ScaledObjectRowDto } from './keda';

export interface KedaQuery {
  namespace?: string;
  q?: string;
}

/** `?namespace=…&q=…` → a query; unknown or empty parameters are dropped. */
export function parseKedaQuery(params: Record<string, string | undefined>): KedaQuery {
  const namespace = params.namespace?.trim() || undefined;
  const q = params.q?.trim().slice(0, 200) || undefined;
  return { ...(namespace ? { namespace } : {}), ...(q ? { q } : {}) };
}

export function kedaQueryString(q: KedaQuery): string {
  const p = new URLSearchParams();
  if (q.namespace) p.set('namespace', q.namespace);
  if (q.q) p.set('q', q.q);
  const s = p.toString();
  return s ? `?${s}` : '';
}

function words(r: ScaledObjectRowDto | ScaledJobRowDto): string {
  const own = [r.namespace, r.name, ...r.triggers.flatMap((t) => [t.type, t.name ?? ''])];
  if ('hpa' in r) own.push(r.target.name, r.hpa.name, ...r.findings.map((f) => f.rule));
  return own.join(' ').toLowerCase();
}

/** Rows in the namespace whose names, target, HPA, trigger types/names or finding rules contain every word of `q`. */
export function filterKeda<R extends ScaledObjectRowDto | ScaledJobRowDto>(rows: readonly R[], q: KedaQuery): R[] {
  const terms = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => (!q.namespace || r.namespace === q.namespace) && terms.every((t) => words(r).includes(t)));
}
