/**
 * Which Flagger release behaves how. PR fluxcd/flagger#1677 ("Prevent primary hpa collision for keda
 * scaled objects when migrating from an hpa", opened 2024-07-10, fixes flagger#1646) made the
 * ScaledObject reconciler copy the canary ScaledObject's annotations to `<name>-primary` on create
 * and name the primary's HPA `<hpa name>-primary`; v1.38.0 (2024-07-30) is the first release after
 * it, v1.37.0 the last one before.
 */

export const FIRST_RELEASE_WITH_PR_1677 = '1.38.0';
export const DEFAULT_FLAGGER_RELEASE = '1.44.0';

/** `1.37.0` / `v1.38.2` → [1, 38, 2]; undefined when it is not a version. */
export function parseRelease(release: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(release.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareReleases(a: string, b: string): number {
  const x = parseRelease(a);
  const y = parseRelease(b);
  if (!x || !y) throw new Error(`not a release: ${!x ? a : b}`);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** Whether this release copies annotations and the HPA name to the primary ScaledObject (flagger#1677). */
export function copiesScaledObjectAnnotations(release: string): boolean {
  return compareReleases(release, FIRST_RELEASE_WITH_PR_1677) >= 0;
}
