/**
 * KEDA's naming rules (upstream), pure: the HPA a ScaledObject owns, the external metric names of
 * its triggers, and the group/version/kind/resource of its scale target.
 */
import type { KubeObject } from '../k8s/object';
import { splitApiVersion } from '../k8s/object';
import { at, str } from '../k8s/fields';

/** `scaledobject.keda.sh/name`: label on the ScaledObject and selector of its external metrics. */
export const SCALED_OBJECT_NAME_LABEL = 'scaledobject.keda.sh/name';
export const SCALED_JOB_NAME_LABEL = 'scaledjob.keda.sh/name';
export const HPA_EXCLUDED_LABELS_ANNOTATION = 'scaledobject.keda.sh/hpa-excluded-labels';
export const KEDA_FINALIZER = 'finalizer.keda.sh';

/** The HPA name: `advanced.horizontalPodAutoscalerConfig.name` or `keda-hpa-<name>` (apis/keda/v1alpha1/scaledobject_webhook.go `getHpaName`). */
export function hpaNameOf(so: KubeObject): string {
  return str(at(so.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'name')) || `keda-hpa-${so.metadata.name ?? ''}`;
}

/** Whether `advanced.horizontalPodAutoscalerConfig` is present (Go: a non-nil pointer). */
export function hasHpaConfig(so: KubeObject): boolean {
  const c = at(so.spec, 'advanced', 'horizontalPodAutoscalerConfig');
  return typeof c === 'object' && c !== null;
}

/** Slashes, dots, colons, percent signs and parentheses become dashes (pkg/util/normalize_string.go). */
export function normalizeString(s: string): string {
  return s.replace(/[/.:%()]/g, '-');
}

/** `s<index>-<name>` (pkg/scalers/scaler.go `GenerateMetricNameWithIndex`). */
export function metricNameWithIndex(index: number, name: string): string {
  return `s${index}-${name}`;
}

/** apis/keda/v1alpha1/gvkr_types.go. */
export interface Gvkr {
  group: string;
  version: string;
  kind: string;
  resource: string;
}

/** `group/version.Kind`, e.g. `apps/v1.Deployment` (`GVKString`). */
export function gvkString(g: Pick<Gvkr, 'group' | 'version' | 'kind'>): string {
  return `${g.group}/${g.version}.${g.kind}`;
}

/** Maps a kind to its plural through the server's discovery (the REST mapper); undefined when unknown. */
export type ResourceMapper = (group: string, version: string, kind: string) => string | undefined;

/**
 * `ParseGVKR`: an empty apiVersion means `apps/v1`, an empty kind `Deployment`; Deployment and
 * StatefulSet map to their plurals whatever the group, other kinds through the REST mapper
 * (apis/keda/v1alpha1/gvkr.go). The error text is the REST mapper's `NoKindMatchError`.
 */
export function parseGvkr(apiVersion: string | undefined, kind: string | undefined, mapper: ResourceMapper): { ok: true; gvkr: Gvkr } | { ok: false; error: string } {
  const gv = apiVersion ? splitApiVersion(apiVersion) : { group: 'apps', version: 'v1' };
  if (apiVersion && (apiVersion.split('/').length > 2 || !gv.version)) return { ok: false, error: `unexpected GroupVersion string: ${apiVersion}` };
  const k = kind || 'Deployment';
  const fixed = k === 'Deployment' ? 'deployments' : k === 'StatefulSet' ? 'statefulsets' : undefined;
  const resource = fixed ?? mapper(gv.group, gv.version, k);
  if (!resource) return { ok: false, error: `no matches for kind "${k}" in version "${gv.group ? `${gv.group}/` : ''}${gv.version}"` };
  return { ok: true, gvkr: { group: gv.group, version: gv.version, kind: k, resource } };
}
