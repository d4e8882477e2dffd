/**
 * Custom resources from CustomResourceDefinition objects: names, scope, versions, subresources,
 * printer columns and the structural schema that prunes, defaults and validates them.
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { patchMetaFromSchema } from '../engine/patch-meta';
import { admitCustomResource, compileStructuralSchema } from '../engine/structural-schema';
import { since } from '../kinds/age';
import { fieldErr } from '../kinds/field-errors';
import { evaluateJsonPath, parseJsonPath } from '../kinds/jsonpath';
import { validateMeta } from '../kinds/validate-meta';
import { getPath, isJsonObject } from '../store/json';
import { ALL_VERBS, type FieldError, type Printer, type PrinterColumn, type ResourceInfo } from './types';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const objs = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

const NAME_COL: PrinterColumn = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', priority: 0 };

/** One cell of a printer column (apiextensions `cellForJSONValue`). */
function cell(type: string, value: unknown, now: number): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? (Number.isNaN(Date.parse(value)) ? '<invalid>' : since(value, now)) : null;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** The table printer of one CRD version; without printer columns, kube serves an Age column. */
export function crdPrinter(columns: JsonObject[]): Printer {
  const cols = columns.length ? columns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  const compiled = cols.map((c) => {
    const parsed = parseJsonPath(str(c.jsonPath));
    return { def: c, steps: Array.isArray(parsed) ? parsed : undefined };
  });
  return {
    columns: [NAME_COL, ...cols.map((c) => {
      const col: PrinterColumn = { name: str(c.name), type: str(c.type), description: str(c.description), priority: typeof c.priority === 'number' ? c.priority : 0 };
      if (c.format) col.format = str(c.format);
      return col;
    })],
    cells: (o, now) => [o.metadata.name ?? '', ...compiled.map(({ def, steps }) => {
      const found = steps ? evaluateJsonPath(steps, o) : [];
      // Like apiextensions: a simple path has one result; only the first one is shown.
      return cell(str(def.type), found[0], now);
    })],
  };
}

/** Field errors of a CRD object itself (the checks that keep the registry consistent). */
export function validateCrd(o: KubeObject, old: KubeObject | undefined): FieldError[] {
  const out: FieldError[] = [];
  const spec = isJsonObject(o.spec) ? o.spec : {};
  const group = str(spec.group);
  const names = isJsonObject(spec.names) ? spec.names : {};
  if (!group) out.push(fieldErr.required('spec.group'));
  else if (!group.includes('.')) out.push(fieldErr.invalid('spec.group', group, 'should be a domain with at least one dot'));
  if (!str(names.plural)) out.push(fieldErr.required('spec.names.plural'));
  if (!str(names.kind)) out.push(fieldErr.required('spec.names.kind'));
  if (names.plural && group && o.metadata.name !== `${str(names.plural)}.${group}`) {
    out.push(fieldErr.invalid('metadata.name', o.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') out.push(fieldErr.notSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  const versions = objs(spec.versions);
  if (versions.length === 0) out.push(fieldErr.invalid('spec.versions', [], 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => v.storage === true).length !== 1) out.push(fieldErr.invalid('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version', '[]apiextensions.CustomResourceDefinitionVersion{...}'));
  versions.forEach((v, i) => {
    const schema = getPath(v, ['schema', 'openAPIV3Schema']);
    if (schema === undefined) out.push(fieldErr.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    else {
      const c = compileStructuralSchema(schema);
      if (!c.ok) for (const e of c.errors) out.push(fieldErr.invalid(`spec.versions[${i}].schema.openAPIV3Schema`, '', e, '""'));
    }
  });
  if (old) {
    if (getPath(old, ['spec', 'group']) !== group) out.push(fieldErr.invalid('spec.group', group, 'field is immutable'));
    if (getPath(old, ['spec', 'scope']) !== spec.scope) out.push(fieldErr.invalid('spec.scope', spec.scope, 'field is immutable'));
  }
  return out;
}

/** The resource versions a CRD serves, or an empty list when it cannot be served. */
export function resourcesOfCrd(crd: KubeObject, terminating: () => boolean): ResourceInfo[] {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const group = str(spec.group);
  const names = isJsonObject(spec.names) ? spec.names : {};
  const plural = str(names.plural);
  const kind = str(names.kind);
  const versions = objs(spec.versions);
  const storageVersion = versions.find((v) => v.storage === true);
  if (!group || !plural || !kind || !storageVersion) return [];
  const served = versions.filter((v) => v.served !== false);
  const out: ResourceInfo[] = [];
  for (const v of served) {
    const compiled = compileStructuralSchema(getPath(v, ['schema', 'openAPIV3Schema']) ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    if (!compiled.ok) continue;
    const schema = compiled.schema;
    const rawSchema = getPath(v, ['schema', 'openAPIV3Schema']);
    const sub = isJsonObject(v.subresources) ? v.subresources : {};
    const scale = isJsonObject(sub.scale) ? sub.scale : undefined;
    const hasStatus = isJsonObject(sub.status);
    const namespaced = spec.scope !== 'Cluster';
    const patchMeta = patchMetaFromSchema(rawSchema, { statusSubresource: hasStatus });
    const info: ResourceInfo = {
      group,
      version: str(v.name),
      plural,
      singular: str(names.singular) || kind.toLowerCase(),
      kind,
      namespaced,
      shortNames: strs(names.shortNames),
      categories: strs(names.categories),
      verbs: ALL_VERBS,
      subresources: [...(hasStatus ? ['status'] : []), ...(scale ? ['scale'] : [])],
      storage: `${group}/${plural}`,
      storageVersion: `${group}/${str(storageVersion.name)}`,
      preferred: false,
      crdName: crd.metadata.name ?? '',
      strategy: {
        generation: hasStatus ? 'spec' : 'all-but-metadata',
        patchMeta: () => patchMeta,
        validate: (o) => validateMeta(o, 'subdomain', namespaced),
        admit: (o) => admitCustomResource(schema, o),
        printer: crdPrinter(objs(v.additionalPrinterColumns)),
        terminating,
      },
    };
    if (scale) {
      info.scale = { specReplicasPath: str(scale.specReplicasPath), statusReplicasPath: str(scale.statusReplicasPath) };
      if (scale.labelSelectorPath) info.scale.labelSelectorPath = str(scale.labelSelectorPath);
    }
    out.push(info);
  }
  return out;
}
