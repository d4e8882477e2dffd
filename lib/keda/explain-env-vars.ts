/**
 * The state of each environment variable a trigger reads, in one pod template, the way KEDA's
 * resolver sees it: literals and ConfigMap references by value (today's ConfigMap data), Secret
 * references by name and key only (scaleguard never reads Secrets). Pure; resolution is
 * `lib/keda/env.ts`, cached per snapshot because several ScaledObjects and revisions share templates.
 */
import { indexOf } from '../snapshot-index';
import { at, list, str, stringMap } from '../k8s/fields';
import type { Snapshot } from '../snapshot';
import { envSourceContainer, resolveContainerEnv } from './env';

/** What one variable resolves to. */
export interface VarState {
  /** Compares two states: equal keys = KEDA would read the same thing. */
  key: string;
  /** For people; backticks mark code. */
  show: string;
  /** Where the value comes from, in words (`ConfigMap \`x\` key \`y\``, `a literal value` …). */
  source?: string;
  kind: 'literal' | 'configmap' | 'secret' | 'unset' | 'error' | 'other';
  /** The value, for literals and ConfigMap references (never for Secrets). */
  value?: string;
  /** The resolver's error when the container or a ConfigMap cannot be read. */
  error?: string;
}

type ConfigMapReader = (name: string) => Record<string, string> | undefined;
const readers = new WeakMap<Snapshot, Map<string, ConfigMapReader>>();

/** One reader per snapshot and namespace, so env resolved through it can be cached against it. */
function configMaps(snapshot: Snapshot, namespace: string): ConfigMapReader {
  let byNs = readers.get(snapshot);
  if (!byNs) readers.set(snapshot, (byNs = new Map()));
  let reader = byNs.get(namespace);
  if (!reader) {
    reader = (name) => {
      const cm = indexOf(snapshot).get('configmaps', namespace, name);
      return cm ? stringMap(cm.data) : undefined;
    };
    byNs.set(namespace, reader);
  }
  return reader;
}

const tick = (text: string) => `\`${text}\``;

function listing(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

interface Source {
  text: string;
  kind: VarState['kind'];
  secret?: string;
}

/** Where variable `name` comes from in a container: the last `env` entry, else the last `envFrom` source that may hold it. */
function sourceOf(container: unknown, name: string, cm: ConfigMapReader): Source | undefined {
  const entry = list(at(container, 'env')).filter((e) => str(at(e, 'name')) === name).at(-1);
  if (entry !== undefined) {
    const cmRef = at(entry, 'valueFrom', 'configMapKeyRef');
    const secretRef = at(entry, 'valueFrom', 'secretKeyRef');
    if (cmRef) return { kind: 'configmap', text: `ConfigMap ${tick(str(at(cmRef, 'name')) ?? '')} key ${tick(str(at(cmRef, 'key')) ?? '')}` };
    if (secretRef) return { kind: 'secret', text: `Secret ${tick(str(at(secretRef, 'name')) ?? '')} key ${tick(str(at(secretRef, 'key')) ?? '')}`, secret: `secret:${str(at(secretRef, 'name')) ?? ''}/${str(at(secretRef, 'key')) ?? ''}` };
    return at(entry, 'valueFrom') === undefined ? { kind: 'literal', text: 'a literal value' } : undefined;
  }
  const sources = list(at(container, 'envFrom'));
  for (let i = sources.length - 1; i >= 0; i--) {
    const cmName = str(at(sources[i], 'configMapRef', 'name'));
    if (cmName !== undefined && cm(cmName)?.[name] !== undefined) return { kind: 'configmap', text: `ConfigMap ${tick(cmName)} (envFrom)` };
  }
  const secrets = sources.map((s) => str(at(s, 'secretRef', 'name'))).filter((n): n is string => n !== undefined);
  if (secrets.length) return { kind: 'secret', text: `possibly Secret ${listing(secrets.map((s) => tick(s)))} (envFrom)`, secret: `secretFrom:${secrets.join(',')}` };
  return undefined;
}

/** Env resolution per pod template and container, kept per snapshot (a template and its ConfigMaps do not change within one). */
const resolvedEnv = new WeakMap<ConfigMapReader, WeakMap<object, Map<string, ReturnType<typeof resolveContainerEnv>>>>();

function resolveCached(podSpec: unknown, containerName: string | undefined, cm: ConfigMapReader, namespace: string): ReturnType<typeof resolveContainerEnv> {
  if (typeof podSpec !== 'object' || podSpec === null) return resolveContainerEnv(podSpec, containerName, { configMap: cm }, namespace);
  let perReader = resolvedEnv.get(cm);
  if (!perReader) resolvedEnv.set(cm, (perReader = new WeakMap()));
  let byContainer = perReader.get(podSpec);
  if (!byContainer) perReader.set(podSpec, (byContainer = new Map()));
  const key = containerName ?? '';
  let hit = byContainer.get(key);
  if (!hit) byContainer.set(key, (hit = resolveContainerEnv(podSpec, containerName, { configMap: cm }, namespace)));
  return hit;
}

/**
 * The state of each of `vars` in a pod spec for container `containerName` (undefined = the first),
 * resolved with the ConfigMaps of `namespace` in the snapshot.
 */
export function envVarStates(snapshot: Snapshot, podSpec: unknown, containerName: string | undefined, vars: string[], namespace: string): Map<string, VarState> {
  const cm = configMaps(snapshot, namespace);
  const out = new Map<string, VarState>();
  const resolved = resolveCached(podSpec, containerName, cm, namespace);
  const pick = envSourceContainer(podSpec, containerName);
  for (const v of vars) {
    if (!resolved.ok) {
      out.set(v, { key: `error:${resolved.error}`, show: `not resolvable (${tick(resolved.error)})`, kind: 'error', error: resolved.error });
      continue;
    }
    const source = pick.ok ? sourceOf(pick.container, v, cm) : undefined;
    const value = resolved.env[v];
    if (value !== undefined) out.set(v, { key: `value:${value}`, show: tick(value), source: source?.text, kind: source?.kind === 'configmap' ? 'configmap' : source?.kind === 'literal' ? 'literal' : 'other', value });
    else if (source?.secret) out.set(v, { key: source.secret, show: `${source.text} (value not read)`, source: source.text, kind: 'secret' });
    else out.set(v, { key: 'unset', show: 'not set', kind: 'unset' });
  }
  return out;
}
