/**
 * How KEDA resolves a trigger's `*FromEnv` parameters, pure: the environment of the scale target's
 * pod template, taken from container `envSourceContainerName` or else `containers[0]`
 * (pkg/scaling/resolver/scale_resolvers.go `ResolveContainerEnv`, `resolveEnv`, `resolveEnvValue`).
 * KEDA resolves it when it builds the scaler and keeps the result until the scaler is rebuilt
 * (keda#5915): the simulator records it, the dashboard compares it with the current template.
 *
 * @example
 * const r = resolveContainerEnv(podSpec, undefined, { configMap: (n) => cms[n] });
 * if (r.ok) effectiveParams({ consumerGroupFromEnv: 'GROUP' }, r.env) // { consumerGroup: 'orders-v2' }
 */
import { at, list, str, stringMap } from '../k8s/fields';

/** Reads ConfigMaps and Secrets of the target's namespace; absent `secret` means secrets are not read. */
export interface EnvSources {
  configMap(name: string): Record<string, string> | undefined;
  /** Data already decoded from base64. Omit it (the dashboard never reads Secrets). */
  secret?(name: string): Record<string, string> | undefined;
}

export interface ResolvedEnv {
  /** Variable → value, as KEDA's resolver produces it. */
  env: Record<string, string>;
  /** Variables whose value comes from a Secret that was not read (no `secret` source). */
  opaque: string[];
  /** The container whose env was read. */
  container: string;
}

export type EnvResult = ({ ok: true } & ResolvedEnv) | { ok: false; error: string };

/** The container KEDA reads env from, or the resolver's error. */
export function envSourceContainer(podSpec: unknown, containerName: string | undefined): { ok: true; container: unknown } | { ok: false; error: string } {
  const containers = list(at(podSpec, 'containers'));
  if (containers.length < 1) return { ok: false, error: "target object doesn't have containers" };
  if (!containerName) return { ok: true, container: containers[0] };
  const c = containers.find((x) => str(at(x, 'name')) === containerName);
  return c ? { ok: true, container: c } : { ok: false, error: `couldn't find container with name ${containerName} on Target object` };
}

/** `$(VAR)` references to variables defined earlier are expanded, `$$` escapes (resolveEnvValue). */
export function expandEnvValue(value: string, env: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const c = value[i]!;
    if (c === '$' && i + 3 < value.length) {
      const next = value[i + 1];
      if (next === '$') {
        out += '$';
        i += 2;
        continue;
      }
      if (next === '(') {
        const close = value.indexOf(')', i + 2);
        if (close >= 0) {
          const key = value.slice(i + 2, close);
          out += Object.prototype.hasOwnProperty.call(env, key) ? env[key] : `$(${key})`;
          i = close + 1;
          continue;
        }
        out += '$(';
        i += 2;
        continue;
      }
      out += `$${next}`;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A key selector as Go's `%s` prints it in KEDA's errors, e.g. `&ConfigMapKeySelector{LocalObjectReference:LocalObjectReference{Name:kafka,},Key:brokers,Optional:nil,}`. */
function keySelector(type: 'ConfigMapKeySelector' | 'SecretKeySelector', ref: unknown): string {
  const optional = at(ref, 'optional');
  return `&${type}{LocalObjectReference:LocalObjectReference{Name:${str(at(ref, 'name')) ?? ''},},Key:${str(at(ref, 'key')) ?? ''},Optional:${typeof optional === 'boolean' ? `*${optional}` : 'nil'},}`;
}

/** Resolves the container's `envFrom` (KEDA ignores `prefix`) then `env`, like KEDA's resolver (fieldRef/resourceFieldRef are skipped). */
export function resolveContainerEnv(podSpec: unknown, containerName: string | undefined, sources: EnvSources, namespace = ''): EnvResult {
  const pick = envSourceContainer(podSpec, containerName);
  if (!pick.ok) return pick;
  const container = pick.container;
  const env: Record<string, string> = {};
  const opaque: string[] = [];
  for (const source of list(at(container, 'envFrom'))) {
    const cmName = str(at(source, 'configMapRef', 'name'));
    const secretName = str(at(source, 'secretRef', 'name'));
    if (cmName !== undefined) {
      const data = sources.configMap(cmName);
      if (data) for (const [k, v] of Object.entries(data)) env[k] = v;
      else if (at(source, 'configMapRef', 'optional') !== true) return { ok: false, error: `error reading config ref &ConfigMapEnvSource{LocalObjectReference:LocalObjectReference{Name:${cmName},},Optional:nil,} on namespace ${namespace}/: configmaps "${cmName}" not found` };
    } else if (secretName !== undefined) {
      if (!sources.secret) continue;
      const data = sources.secret(secretName);
      if (data) for (const [k, v] of Object.entries(data)) env[k] = v;
      else if (at(source, 'secretRef', 'optional') !== true) return { ok: false, error: `error reading secret ref &SecretEnvSource{LocalObjectReference:LocalObjectReference{Name:${secretName},},Optional:nil,} on namespace ${namespace}: secrets "${secretName}" not found` };
    }
  }
  for (const e of list(at(container, 'env'))) {
    const name = str(at(e, 'name'));
    if (!name) continue;
    const value = str(at(e, 'value'));
    if (value) {
      env[name] = expandEnvValue(value, env);
      continue;
    }
    const cm = at(e, 'valueFrom', 'configMapKeyRef');
    const secret = at(e, 'valueFrom', 'secretKeyRef');
    if (cm) {
      const data = sources.configMap(str(at(cm, 'name')) ?? '');
      if (!data) {
        // An optional reference to a missing ConfigMap is skipped; a required one fails the build.
        if (at(cm, 'optional') === true) continue;
        return { ok: false, error: `error resolving config ${keySelector('ConfigMapKeySelector', cm)} for env ${name} in namespace ${namespace}` };
      }
      // A key the ConfigMap lacks resolves to the empty string (resolveConfigValue reads data[key]).
      env[name] = stringMap(data)[str(at(cm, 'key')) ?? ''] ?? '';
    } else if (secret) {
      if (!sources.secret) {
        opaque.push(name);
        continue;
      }
      const data = sources.secret(str(at(secret, 'name')) ?? '');
      if (!data) {
        if (at(secret, 'optional') === true) continue;
        return { ok: false, error: `error resolving secret name ${keySelector('SecretKeySelector', secret)} for env ${name} in namespace ${namespace}` };
      }
      env[name] = data[str(at(secret, 'key')) ?? ''] ?? '';
    } else if (at(e, 'valueFrom') !== undefined) {
      continue; // fieldRef / resourceFieldRef: skipped by KEDA
    } else {
      env[name] = '';
    }
  }
  return { ok: true, env, opaque, container: str(at(container, 'name')) ?? '' };
}

/** `<param>FromEnv` entries of a trigger's metadata: the parameter and the variable it names. */
export function fromEnvParams(metadata: Record<string, string>): { param: string; envName: string }[] {
  return Object.entries(metadata)
    .filter(([k, v]) => k.endsWith('FromEnv') && k.length > 'FromEnv'.length && v !== '')
    .map(([k, v]) => ({ param: k.slice(0, -'FromEnv'.length), envName: v }));
}

/**
 * The parameters a scaler sees: metadata as written, plus each `<param>FromEnv` resolved from the
 * env when `<param>` itself is not set (metadata wins, e.g. kafka_scaler.go `bootstrapServers`).
 */
export function effectiveParams(metadata: Record<string, string>, env: Record<string, string>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...metadata };
  for (const { param, envName } of fromEnvParams(metadata)) {
    if (metadata[param] === undefined || metadata[param] === '') out[param] = env[envName];
  }
  return out;
}
