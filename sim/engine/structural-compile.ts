/**
 * Turns a CRD `openAPIV3Schema` into the compiled tree the other structural-schema modules walk,
 * and checks the structural-schema rules kube-apiserver enforces on `apiextensions.k8s.io/v1` CRDs
 * (apiextensions-apiserver `pkg/apiserver/schema/validation.go`), with its wording. Paths start at
 * `openAPIV3Schema`; the server prefixes `spec.versions[i].schema.`.
 */
import { isObject, type JsonValue } from './json';

/** A validation rule (`x-kubernetes-validations`) as declared. */
export interface SRule {
  rule: string;
  message?: string;
  fieldPath?: string;
}

/** One compiled schema node: the structural part plus value validations. */
export interface SNode {
  type?: string;
  nullable: boolean;
  intOrString: boolean;
  preserveUnknown: boolean;
  embedded: boolean;
  /** Declared properties, in declaration order. */
  properties?: Map<string, SNode>;
  additionalProperties?: SNode;
  items?: SNode;
  hasDefault: boolean;
  default?: JsonValue;
  enum?: JsonValue[];
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: { source: string; re: RegExp };
  /** A format kube-apiserver validates (unsupported formats are dropped, as upstream does). */
  format?: string;
  /** The format as the schema spells it (`date-time`), for messages. */
  formatName?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: SNode[];
  anyOf?: SNode[];
  oneOf?: SNode[];
  not?: SNode;
  listType?: string;
  listMapKeys?: string[];
  rules?: SRule[];
}

/** Formats apiextensions keeps (`supportedFormats`, names normalized without `-`). */
const SUPPORTED_FORMATS = new Set(['bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5', 'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration', 'datetime']);

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

type Level = 'root' | 'field' | 'item' | 'junctor';

/** Compiles `s`; structural violations are appended to `errs` (empty when the schema is structural). */
export function compileNode(s: unknown, path: string, level: Level, errs: string[], depth = 0): SNode {
  const node: SNode = { nullable: false, intOrString: false, preserveUnknown: false, embedded: false, hasDefault: false };
  if (!isObject(s)) {
    errs.push(`${path}: Invalid value: ${JSON.stringify(s ?? null)}: must be a schema object`);
    return node;
  }
  if (depth > 100) {
    errs.push(`${path}: Invalid value: "...": schema is nested too deeply`);
    return node;
  }
  const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : undefined);
  node.type = str('type');
  node.nullable = s.nullable === true;
  node.intOrString = s['x-kubernetes-int-or-string'] === true;
  node.preserveUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
  node.embedded = s['x-kubernetes-embedded-resource'] === true;
  if (Object.hasOwn(s, 'default')) [node.hasDefault, node.default] = [true, s.default as JsonValue];
  if (Array.isArray(s.enum)) node.enum = s.enum as JsonValue[];
  if (Array.isArray(s.required)) node.required = s.required.filter((r): r is string => typeof r === 'string');
  node.minimum = num(s.minimum);
  node.maximum = num(s.maximum);
  node.exclusiveMinimum = s.exclusiveMinimum === true;
  node.exclusiveMaximum = s.exclusiveMaximum === true;
  node.multipleOf = num(s.multipleOf);
  node.minLength = num(s.minLength);
  node.maxLength = num(s.maxLength);
  node.minItems = num(s.minItems);
  node.maxItems = num(s.maxItems);
  node.uniqueItems = s.uniqueItems === true;
  node.minProperties = num(s.minProperties);
  node.maxProperties = num(s.maxProperties);
  node.listType = str('x-kubernetes-list-type');
  if (Array.isArray(s['x-kubernetes-list-map-keys'])) node.listMapKeys = s['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string');
  const fmt = str('format');
  if (fmt && SUPPORTED_FORMATS.has(fmt.replaceAll('-', ''))) [node.format, node.formatName] = [fmt.replaceAll('-', ''), fmt];
  const pattern = str('pattern');
  if (pattern !== undefined) {
    try {
      node.pattern = { source: pattern, re: new RegExp(pattern) };
    } catch (e) {
      errs.push(`${path}.pattern: Invalid value: ${JSON.stringify(pattern)}: must be a valid regular expression, but isn't: ${(e as Error).message}`);
    }
  }
  if (Array.isArray(s['x-kubernetes-validations'])) {
    node.rules = s['x-kubernetes-validations'].filter(isObject).map((r) => ({
      rule: typeof r.rule === 'string' ? r.rule : '',
      message: typeof r.message === 'string' ? r.message : undefined,
      fieldPath: typeof r.fieldPath === 'string' ? r.fieldPath : undefined,
    }));
  }
  if (isObject(s.properties)) {
    node.properties = new Map();
    for (const [k, v] of Object.entries(s.properties)) node.properties.set(k, compileNode(v, `${path}.properties[${k}]`, level === 'junctor' ? 'junctor' : 'field', errs, depth + 1));
  }
  if (isObject(s.additionalProperties)) node.additionalProperties = compileNode(s.additionalProperties, `${path}.additionalProperties`, level === 'junctor' ? 'junctor' : 'field', errs, depth + 1);
  else if (s.additionalProperties === true) node.additionalProperties = compileNode({}, `${path}.additionalProperties`, 'junctor', [], depth + 1);
  if (isObject(s.items)) node.items = compileNode(s.items, `${path}.items`, level === 'junctor' ? 'junctor' : 'item', errs, depth + 1);
  else if (Array.isArray(s.items)) errs.push(`${path}.items: Forbidden: items must be a schema object and not an array`);
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[j];
    if (Array.isArray(list)) node[j] = list.map((x, i) => compileNode(x, `${path}.${j}[${i}]`, 'junctor', errs, depth + 1));
  }
  if (isObject(s.not)) node.not = compileNode(s.not, `${path}.not`, 'junctor', errs, depth + 1);
  checkStructural(s, node, path, level, errs);
  return node;
}

function checkStructural(s: Record<string, unknown>, node: SNode, path: string, level: Level, errs: string[]): void {
  if (typeof s.$ref === 'string') errs.push(`${path}.$ref: Forbidden: $ref is not supported`);
  if (s.uniqueItems === true) errs.push(`${path}.uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`);
  if (s.additionalProperties === false) errs.push(`${path}.additionalProperties: Forbidden: additionalProperties cannot be set to false`);
  if (s['x-kubernetes-preserve-unknown-fields'] === false) errs.push(`${path}.x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`);
  if (node.properties && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    errs.push(`${path}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`);
  }
  if (level === 'junctor') {
    // Inside allOf/anyOf/oneOf/not only value validations are allowed (the int-or-string patterns aside).
    for (const k of ['type', 'default', 'nullable', 'additionalProperties', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'x-kubernetes-list-type', 'x-kubernetes-map-type']) {
      if (Object.hasOwn(s, k) && !(k === 'type' && (s.type === 'integer' || s.type === 'string'))) errs.push(`${path}.${k}: Forbidden: must be empty to be structural`);
    }
    return;
  }
  if (node.type === undefined && !node.intOrString && !node.preserveUnknown && !node.embedded) {
    const where = level === 'root' ? 'at the root' : level === 'item' ? 'for specified array items' : 'for specified object fields';
    errs.push(`${path}.type: Required value: must not be empty ${where}`);
  }
  if (level === 'root' && node.type !== undefined && node.type !== 'object') errs.push(`${path}.type: Invalid value: ${JSON.stringify(node.type)}: must be object at the root`);
  if (node.type === 'array' && !node.items) errs.push(`${path}.items: Required value: must be specified`);
  if (node.embedded && node.type !== 'object') errs.push(`${path}.type: Required value: must be object if x-kubernetes-embedded-resource is true`);
  if (node.intOrString && node.type !== undefined) errs.push(`${path}.type: Invalid value: ${JSON.stringify(node.type)}: must be empty if x-kubernetes-int-or-string is true`);
  if (node.listType !== undefined && !['atomic', 'set', 'map'].includes(node.listType)) {
    errs.push(`${path}.x-kubernetes-list-type: Unsupported value: ${JSON.stringify(node.listType)}: supported values: "atomic", "set", "map"`);
  }
  if (node.listType === 'map') {
    if (!node.listMapKeys?.length) errs.push(`${path}.x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`);
    for (const k of node.listMapKeys ?? []) {
      if (!node.items?.properties?.has(k)) errs.push(`${path}.x-kubernetes-list-map-keys: Invalid value: ${JSON.stringify(node.listMapKeys)}: entries must all be names of item properties`);
    }
  }
  if (level === 'root' && node.properties?.has('metadata')) {
    const meta = node.properties.get('metadata') as SNode;
    const extra = [...(meta.properties?.keys() ?? [])].filter((k) => k !== 'name' && k !== 'generateName');
    if (extra.length) errs.push(`${path}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`);
  }
}
