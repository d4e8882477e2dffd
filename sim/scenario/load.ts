/**
 * Reads a scenario: `demo` (the bundled `sim/scenarios/demo/`), a YAML file, or a directory of
 * `*.yaml`/`*.yml` files in name order. Each multi-document file holds ordinary Kubernetes objects
 * and simulation documents; every problem names its file and document index.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { KubeObject } from '@/lib/k8s/object';
import { isJsonObject } from '../store/json';
import { SIM_API_VERSION, SIM_KINDS, type BehaviourDoc, type ScenarioDoc, type UserDoc } from './schema';

/** Where a document came from, for error messages: `30-shop.yaml document 4`. */
export interface Origin {
  file: string;
  index: number;
}

export interface ParsedScenario {
  settings: ScenarioDoc['spec'];
  /** Where the Scenario document was (at most one is allowed). */
  settingsOrigin?: Origin;
  users: (UserDoc & { origin: Origin })[];
  /** Load, MetricValue, ResizeBehavior, CanaryAnalysis and Change documents, for the fake controllers. */
  docs: (BehaviourDoc & { origin: Origin })[];
  objects: { object: KubeObject; origin: Origin }[];
  files: string[];
}

export class ScenarioError extends Error {}

export const SIM_DIR = fileURLToPath(new URL('..', import.meta.url));

export function describeOrigin(o: Origin): string {
  return `${o.file} document ${o.index}`;
}

/** The files a scenario argument names. */
export function scenarioFiles(arg: string): string[] {
  const target = arg === 'demo' ? path.join(SIM_DIR, 'scenarios', 'demo') : path.resolve(arg);
  if (!existsSync(target)) throw new ScenarioError(`scenario ${arg}: ${target} does not exist`);
  if (statSync(target).isFile()) return [target];
  const files = readdirSync(target).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(target, f));
  if (files.length === 0) throw new ScenarioError(`scenario ${arg}: no *.yaml or *.yml files in ${target}`);
  return files;
}

function issues(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`).join('; ');
}

/** Parses YAML text (one file) into simulation documents and objects. */
export function parseScenarioText(text: string, file: string, into: ParsedScenario): void {
  const docs = YAML.parseAllDocuments(text);
  docs.forEach((doc, i) => {
    const origin = { file: path.basename(file), index: i };
    if (doc.errors.length) throw new ScenarioError(`${describeOrigin(origin)}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    if (!isJsonObject(value)) throw new ScenarioError(`${describeOrigin(origin)}: a document must be a mapping`);
    if (value.apiVersion === SIM_API_VERSION) {
      const kind = String(value.kind);
      const schema = SIM_KINDS[kind as keyof typeof SIM_KINDS];
      if (!schema) throw new ScenarioError(`${describeOrigin(origin)}: unknown simulation kind ${JSON.stringify(value.kind)} (known: ${Object.keys(SIM_KINDS).join(', ')})`);
      const r = schema.safeParse(value);
      if (!r.success) throw new ScenarioError(`${describeOrigin(origin)}: invalid ${kind}: ${issues(r.error)}`);
      if (r.data.kind === 'Scenario') {
        if (into.settingsOrigin) throw new ScenarioError(`${describeOrigin(origin)}: only one Scenario document is allowed (another is in ${describeOrigin(into.settingsOrigin)})`);
        into.settings = r.data.spec;
        into.settingsOrigin = origin;
      } else if (r.data.kind === 'User') into.users.push({ ...r.data, origin });
      else into.docs.push({ ...r.data, origin });
      return;
    }
    if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isJsonObject(value.metadata) || typeof value.metadata.name !== 'string') {
      throw new ScenarioError(`${describeOrigin(origin)}: a Kubernetes object needs apiVersion, kind and metadata.name`);
    }
    into.objects.push({ object: value as unknown as KubeObject, origin });
  });
}

/** Reads and validates every file of a scenario. */
export function readScenario(arg: string): ParsedScenario {
  const out: ParsedScenario = { settings: {}, users: [], docs: [], objects: [], files: [] };
  for (const f of scenarioFiles(arg)) {
    out.files.push(f);
    parseScenarioText(readFileSync(f, 'utf8'), f, out);
  }
  const seen = new Map<string, Origin>();
  for (const u of out.users) {
    const prev = seen.get(u.metadata.name);
    if (prev) throw new ScenarioError(`${describeOrigin(u.origin)}: user ${u.metadata.name} is already defined in ${describeOrigin(prev)}`);
    seen.set(u.metadata.name, u.origin);
  }
  return out;
}

/** The objects an add-on's install creates besides its CRDs (namespace, controller Deployments, webhooks), if any. */
export function componentAddonFile(component: string): string {
  return path.join(SIM_DIR, 'addons', `${component}.yaml`);
}

/** The CRD file of an add-on, written next to the simulator. */
export function componentCrdFile(component: string): string {
  return path.join(SIM_DIR, 'crds', `${component}.yaml`);
}
