/**
 * The ConfigMaps and Secrets a pod template uses, and the template rewritten to their `-primary`
 * copies (fluxcd/flagger pkg/canary/config_tracker.go `GetTargetConfigs`, `ApplyPrimaryConfigs`).
 * Keys are `configmap/<name>` and `secret/<name>`, as in `status.trackedConfigs`.
 */
import type { JsonObject, JsonValue } from '@/lib/k8s/object';

type Obj = Record<string, unknown>;
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => !!x && typeof x === 'object') : []);
const o = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** `configmap/<name>` and `secret/<name>` keys referenced by volumes, projected volumes, env and envFrom. */
export function configRefKeys(podSpec: unknown): string[] {
  const keys = new Set<string>();
  const spec = o(podSpec) ?? {};
  for (const v of objs(spec.volumes)) {
    const cm = s(o(v.configMap)?.name);
    if (cm) keys.add(`configmap/${cm}`);
    const sec = s(o(v.secret)?.secretName);
    if (sec) keys.add(`secret/${sec}`);
    for (const src of objs(o(v.projected)?.sources)) {
      const pcm = s(o(src.configMap)?.name);
      if (pcm) keys.add(`configmap/${pcm}`);
      const ps = s(o(src.secret)?.name);
      if (ps) keys.add(`secret/${ps}`);
    }
  }
  for (const c of objs(spec.containers)) {
    for (const e of objs(c.env)) {
      const from = o(e.valueFrom);
      const cm = s(o(from?.configMapKeyRef)?.name);
      if (cm) keys.add(`configmap/${cm}`);
      const sec = s(o(from?.secretKeyRef)?.name);
      if (sec) keys.add(`secret/${sec}`);
    }
    for (const ef of objs(c.envFrom)) {
      const cm = s(o(ef.configMapRef)?.name);
      if (cm) keys.add(`configmap/${cm}`);
      const sec = s(o(ef.secretRef)?.name);
      if (sec) keys.add(`secret/${sec}`);
    }
  }
  return [...keys].sort();
}

/** A copy of the pod spec whose references to tracked configs (`refs` keys) point at `<name>-primary`. */
export function applyPrimaryConfigs(podSpec: JsonObject, refs: ReadonlySet<string>): JsonObject {
  const spec = JSON.parse(JSON.stringify(podSpec)) as Obj;
  const suffix = (holder: Obj | undefined, field: string, type: string) => {
    const name = s(holder?.[field]);
    if (holder && name && refs.has(`${type}/${name}`)) holder[field] = `${name}-primary`;
  };
  for (const v of objs(spec.volumes)) {
    suffix(o(v.configMap), 'name', 'configmap');
    suffix(o(v.secret), 'secretName', 'secret');
    for (const src of objs(o(v.projected)?.sources)) {
      suffix(o(src.configMap), 'name', 'configmap');
      suffix(o(src.secret), 'name', 'secret');
    }
  }
  // Upstream rewrites env and envFrom of `containers` only, not of init containers.
  for (const c of objs(spec.containers)) {
    for (const e of objs(c.env)) {
      suffix(o(o(e.valueFrom)?.configMapKeyRef), 'name', 'configmap');
      suffix(o(o(e.valueFrom)?.secretKeyRef), 'name', 'secret');
    }
    for (const ef of objs(c.envFrom)) {
      suffix(o(ef.configMapRef), 'name', 'configmap');
      suffix(o(ef.secretRef), 'name', 'secret');
    }
  }
  return spec as { [k: string]: JsonValue };
}

/** Secret types Flagger tracks; registry credentials and service-account tokens are ignored (config_tracker.go). */
export const TRACKED_SECRET_TYPES = ['Opaque', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/tls'];
