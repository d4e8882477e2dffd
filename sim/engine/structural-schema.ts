/**
 * Custom resources as kube-apiserver admits them: compile a CRD's `openAPIV3Schema` (checking it is
 * structural), then for each object prune unknown fields, drop non-nullable nulls, apply defaults and
 * validate — OpenAPI validation with kube-openapi's rules and messages, list-type uniqueness,
 * embedded resources, and the `x-kubernetes-validations` rules of the CRDs we serve (emulated, see
 * structural-rules.ts). `metadata` of the resource itself is the server's to validate.
 */
import { fieldError, goQuote, OMIT, type FieldError } from './field-errors';
import { clone, isObject, type JsonObject } from './json';
import { compileNode, type SNode } from './structural-compile';
import { applyDefaults, pruneNulls, pruneObject } from './structural-prune';
import { celErrors, embeddedErrors, listTypeErrors } from './structural-rules';
import { validateNode, type VErr } from './structural-validate';

export type { FieldError };

/** A compiled schema; opaque outside `sim/engine`. */
export interface StructuralSchema {
  readonly root: SNode;
}

/** What admitting an object produced. */
export interface AdmitResult {
  /** The object after pruning and defaulting (a copy; the input is not modified). */
  object: JsonObject;
  errors: FieldError[];
  /** Paths of pruned unknown fields (`spec.foo`, `spec.triggers[0].bar`), sorted, for fieldValidation. */
  unknownFields: string[];
  /** Things not checked, e.g. CEL rules the simulator does not emulate; suitable as Warning headers. */
  warnings: string[];
}

/**
 * Compiles a CRD version's `openAPIV3Schema`. Errors are kube-apiserver's structural-schema
 * complaints with paths from `openAPIV3Schema` (prefix `spec.versions[i].schema.` when reporting).
 */
export function compileStructuralSchema(openAPIV3Schema: unknown): { ok: true; schema: StructuralSchema } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const root = compileNode(openAPIV3Schema, 'openAPIV3Schema', 'root', errors);
  if (errors.length) return { ok: false, errors };
  const defaultErrors = checkDefaults(root, 'openAPIV3Schema');
  return defaultErrors.length ? { ok: false, errors: defaultErrors } : { ok: true, schema: { root } };
}

/** Defaults must themselves validate (upstream refuses the CRD otherwise), paths under `.default`. */
function checkDefaults(s: SNode, path: string): string[] {
  const out: string[] = [];
  if (s.hasDefault) {
    for (const e of validateNode(s, s.default ?? null, '').errors) {
      const fe = toFieldError(e);
      const name = e.kind === 'validation' ? e.name.replace(/^\./, '') : '';
      const field = `${path}.default${name ? `.${name}` : ''}`;
      out.push(field + fe.message.slice(fe.field.length));
    }
  }
  for (const [k, p] of s.properties ?? []) out.push(...checkDefaults(p, `${path}.properties[${k}]`));
  if (s.items) out.push(...checkDefaults(s.items, `${path}.items`));
  if (s.additionalProperties) out.push(...checkDefaults(s.additionalProperties, `${path}.additionalProperties`));
  return out;
}

function hasRules(s: SNode, depth = 0): boolean {
  if (s.rules?.length) return true;
  if (depth > 100) return false;
  const kids = [...(s.properties?.values() ?? []), s.items, s.additionalProperties].filter((x): x is SNode => !!x);
  return kids.some((k) => hasRules(k, depth + 1));
}

/** kube-openapi errors as apiextensions turns them into field errors (`kubeOpenAPIResultToFieldErrors`). */
function toFieldError(e: VErr): FieldError {
  // A composite (anyOf/oneOf/allOf/not) error carries no path: upstream prints a nil path.
  if (e.kind === 'api') return fieldError('FieldValueInvalid', '<nil>', '', e.message);
  const field = e.name.replace(/^\./, '') || '<nil>';
  const value = e.value ?? '';
  switch (e.code) {
    case 'required':
      return fieldError('FieldValueRequired', field, OMIT, '');
    case 'enum':
      return fieldError('FieldValueNotSupported', field, e.value ?? null, `supported values: ${(e.values ?? []).map((x) => goQuote(typeof x === 'string' ? x : JSON.stringify(x))).join(', ')}`);
    case 'tooLong':
      // Upstream passes no maximum along, hence the generic wording.
      return fieldError('FieldValueTooLong', field, OMIT, 'value is too long');
    case 'maxItems':
    case 'tooManyProps':
      return fieldError('FieldValueTooMany', field, typeof e.value === 'number' && e.value >= 0 ? e.value : OMIT, 'has too many items');
    case 'type':
      return fieldError('FieldValueTypeInvalid', field, value, e.message);
    default:
      return fieldError('FieldValueInvalid', field, value, e.message);
  }
}

/**
 * Admits a custom resource the way kube-apiserver decodes and validates it on create/update.
 * Never throws; a non-object input is reported as a type error at the root.
 */
export function admitCustomResource(schema: StructuralSchema, obj: JsonObject): AdmitResult {
  if (!isObject(obj)) return { object: {}, errors: [fieldError('FieldValueTypeInvalid', '<nil>', 'object', 'must be an object')], unknownFields: [], warnings: [] };
  const object = clone(obj);
  const unknownFields = pruneObject(object, schema.root);
  pruneNulls(object, schema.root);
  applyDefaults(object, schema.root);
  const errors = validateNode(schema.root, object, '').errors.map(toFieldError);
  errors.push(...embeddedErrors(schema.root, object), ...listTypeErrors(schema.root, object));
  const warnings: string[] = [];
  // Upstream runs CEL only for schemas with rules, and skips it (saying so) after a type, enum,
  // required, too-long or too-many error (`hasBlockingErr`).
  const blocking = new Set(['FieldValueTypeInvalid', 'FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany']);
  if (!hasRules(schema.root)) return { object, errors, unknownFields, warnings };
  if (errors.some((e) => blocking.has(e.type))) {
    errors.push(fieldError('FieldValueInvalid', '<nil>', null, 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'));
  } else {
    const cel = celErrors(schema.root, object);
    errors.push(...cel.errors);
    warnings.push(...cel.notEvaluated);
  }
  return { object, errors, unknownFields, warnings };
}
