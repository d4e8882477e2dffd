/**
 * Loads a parsed scenario into a running API server through the same create path as API clients
 * (admission included, as the admin): add-on CRDs, then CRDs and namespaces from the scenario,
 * namespaces referenced but not declared, then every other object in file order. An object's
 * `status` is written through its status subresource afterwards, so scenarios can start from any
 * observed state.
 */
import { existsSync, readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { KubeObject } from '@/lib/k8s/object';
import { toApiError } from '../api/errors';
import { adminContext, type ApiServer } from '../apiserver/api-server';
import { isJsonObject } from '../store/json';
import { componentAddonFile, componentCrdFile, describeOrigin, ScenarioError, type Origin, type ParsedScenario } from './load';

const SCENARIO_MANAGER = 'scaleguard-scenario';

/**
 * A scenario object annotated with this was applied "while the admission webhooks were down"
 * (failurePolicy Ignore lets it through), e.g. a second ScaledObject for one workload. The
 * annotation is removed before the object is created: clients never see simulator-only fields.
 */
export const WEBHOOKS_DOWN_ANNOTATION = 'sim.scaleguard.dev/applied-while-webhooks-down';

async function createOne(api: ApiServer, raw: KubeObject, where: string): Promise<void> {
  const { object, webhooksDown } = withoutSimAnnotation(raw);
  if (webhooksDown) api.webhooks.setAllDown(true);
  try {
    await create(api, object, where);
  } finally {
    if (webhooksDown) api.webhooks.setAllDown(false);
  }
}

function withoutSimAnnotation(o: KubeObject): { object: KubeObject; webhooksDown: boolean } {
  const annotations = o.metadata.annotations;
  if (!annotations || !(WEBHOOKS_DOWN_ANNOTATION in annotations)) return { object: o, webhooksDown: false };
  const { [WEBHOOKS_DOWN_ANNOTATION]: flag, ...rest } = annotations;
  return { object: { ...o, metadata: { ...o.metadata, annotations: rest } }, webhooksDown: flag === 'true' };
}

async function create(api: ApiServer, object: KubeObject, where: string): Promise<void> {
  const res = api.resourceFor(object.apiVersion, object.kind);
  if (!res) throw new ScenarioError(`${where}: no resource serves ${object.apiVersion} ${object.kind} (is its CRD installed?)`);
  const ns = res.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  const label = `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata.name}`;
  try {
    const ctx = adminContext(undefined, SCENARIO_MANAGER);
    ctx.fieldValidation = 'Strict';
    const created = await api.create(res, ns, object, ctx);
    if (object.status !== undefined && res.subresources.includes('status')) {
      await api.update(res, ns, created.metadata.name ?? '', { ...created, status: object.status }, adminContext(undefined, SCENARIO_MANAGER), 'status');
    }
  } catch (e) {
    throw new ScenarioError(`${where} (${label}): ${toApiError(e).message}`);
  }
}

function readObjects(component: string, file: string, label: string): { object: KubeObject; origin: Origin }[] {
  return YAML.parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d, index) => {
      if (d.errors.length) throw new ScenarioError(`install ${component}: ${label} document ${index}: ${d.errors[0]!.message.split('\n')[0]}`);
      return { value: d.toJS() as unknown, index };
    })
    .filter((d) => isJsonObject(d.value))
    .map((d) => ({ object: d.value as KubeObject, origin: { file: label, index: d.index } }));
}

function componentCrds(component: string): { object: KubeObject; origin: Origin }[] {
  const file = componentCrdFile(component);
  if (!existsSync(file)) throw new ScenarioError(`install ${component}: ${file} does not exist`);
  return readObjects(component, file, `crds/${component}.yaml`);
}

/** What installing the add-on creates besides CRDs: its namespace, controller Deployments, webhook configuration. */
function componentAddonObjects(component: string): { object: KubeObject; origin: Origin }[] {
  const file = componentAddonFile(component);
  return existsSync(file) ? readObjects(component, file, `addons/${component}.yaml`) : [];
}

/** Creates everything a scenario declares. */
export async function applyScenario(api: ApiServer, scenario: ParsedScenario): Promise<void> {
  if (scenario.settings.serverVersion) api.serverVersion = scenario.settings.serverVersion;
  const addOns = (scenario.settings.install ?? []).flatMap(componentCrds);
  const isCrd = (o: KubeObject) => o.kind === 'CustomResourceDefinition';
  const isNs = (o: KubeObject) => o.apiVersion === 'v1' && o.kind === 'Namespace';
  const objects = scenario.objects;
  const ordered = [...addOns, ...objects.filter((o) => isCrd(o.object)), ...objects.filter((o) => isNs(o.object))];
  for (const { object, origin } of ordered) await createOne(api, object, describeOrigin(origin));

  const nsRes = api.resourceFor('v1', 'Namespace')!;
  const addOnObjects = (scenario.settings.install ?? []).flatMap(componentAddonObjects);
  for (const { object, origin } of [...addOnObjects, ...objects]) {
    if (isCrd(object) || isNs(object)) continue;
    const res = api.resourceFor(object.apiVersion, object.kind);
    const ns = object.metadata.namespace ?? 'default';
    if (res?.namespaced && !api.store.get(nsRes.storage, undefined, ns)) {
      await createOne(api, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, `${describeOrigin(origin)} (namespace ${ns})`);
    }
    await createOne(api, object, describeOrigin(origin));
  }
}
