/**
 * OpenAPI validation of a custom resource as kube-openapi's `validate.SchemaValidator` runs it for
 * kube-apiserver: per node the type, allOf/anyOf/oneOf/not, string, format, number, array, enum and
 * object validators, in that order, with upstream's paths (`spec.triggers[0].type`) and messages
 * (`… in body must be of type integer: "string"`).
 */
import { goFloat64, goQuote } from './field-errors';
import { isObject, jsonEqual, type JsonValue } from './json';
import type { SNode } from './structural-compile';
import { formatValid } from './structural-formats';

export type VCode = 'type' | 'required' | 'tooLong' | 'tooShort' | 'pattern' | 'enum' | 'multipleOf' | 'max' | 'min' | 'unique' | 'maxItems' | 'minItems' | 'tooFewProps' | 'tooManyProps';

/** A kube-openapi error: a `*errors.Validation` (with code) or a plain composite error. */
export type VErr = { kind: 'validation'; code: VCode; name: string; value: unknown; message: string; values?: JsonValue[] } | { kind: 'api'; message: string };

export interface VResult {
  errors: VErr[];
  /** How many checks passed; picks the "best" failing alternative of anyOf/oneOf, as upstream. */
  matchCount: number;
}

const IN = 'body';
const ok = (): VResult => ({ errors: [], matchCount: 1 });
const fail = (e: VErr): VResult => ({ errors: [e], matchCount: 0 });
const v = (code: VCode, name: string, value: unknown, message: string, values?: JsonValue[]): VErr => ({ kind: 'validation', code, name, value, message, values });
function merge(into: VResult, ...rs: VResult[]): VResult {
  for (const r of rs) {
    into.errors.push(...r.errors);
    into.matchCount += r.matchCount;
  }
  return into;
}

/** JSON type and format of decoded data, as `schemaInfoForType` infers them (ints are int64). */
function dataType(d: JsonValue): [string, string] {
  if (typeof d === 'boolean') return ['boolean', ''];
  if (typeof d === 'string') return ['string', ''];
  if (typeof d === 'number') return Number.isInteger(d) ? ['integer', 'int64'] : ['number', 'double'];
  return Array.isArray(d) ? ['array', ''] : ['object', ''];
}

function types(s: SNode): string[] {
  return s.intOrString ? ['integer', 'string'] : s.type ? [s.type] : [];
}

function typeCheck(s: SNode, d: JsonValue, path: string): VResult {
  const t = types(s);
  if (t.length === 0 && !s.format) return ok();
  if (d === null) {
    if (t.length > 0 && !t.includes('null') && !s.nullable) return fail(v('type', path, 'null', `${path} in ${IN} must be of type ${t.join(',')}: "null"`));
    return ok();
  }
  const [schType, format] = dataType(d);
  const isFloatInt = schType === 'number' && Number.isInteger(d) && t.includes('integer');
  const isIntFloat = schType === 'integer' && t.includes('number');
  const kindIsStrOrSlice = typeof d === 'string' || Array.isArray(d);
  if (!kindIsStrOrSlice && s.format && !(t.includes(schType) || format === s.format || isFloatInt || isIntFloat)) {
    return fail(v('type', path, format, `${path} in ${IN} must be of type ${s.formatName ?? s.format}: "${format}"`));
  }
  if (!(t.includes('number') || t.includes('integer')) && s.format && kindIsStrOrSlice) return ok();
  if (!(t.includes(schType) || isFloatInt || isIntFloat)) return fail(v('type', path, schType, `${path} in ${IN} must be of type ${t.join(',')}: "${schType}"`));
  return ok();
}

function junctors(s: SNode, d: JsonValue, path: string): VResult {
  const main: VResult = { errors: [], matchCount: 0 };
  if (s.anyOf?.length) {
    let best: VResult | undefined;
    let first: VResult | undefined;
    for (const sub of s.anyOf) {
      const r = validateNode(sub, d, path);
      if (r.errors.length === 0) {
        first = r;
        best = undefined;
        break;
      }
      if (!best || r.matchCount > best.matchCount) best = r;
    }
    if (!first) main.errors.push({ kind: 'api', message: `${path} must validate at least one schema (anyOf)` });
    merge(main, best ?? first ?? ok());
  }
  if (s.oneOf?.length) {
    let best: VResult | undefined;
    let first: VResult | undefined;
    let valid = 0;
    for (const sub of s.oneOf) {
      const r = validateNode(sub, d, path);
      if (r.errors.length === 0) {
        valid++;
        best = undefined;
        first ??= r;
      } else if (valid === 0 && (!best || r.matchCount > best.matchCount)) best = r;
    }
    if (valid !== 1) {
      main.errors.push({ kind: 'api', message: `${path} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}` });
      if (best) merge(main, best);
    } else if (first) merge(main, first);
  }
  if (s.allOf?.length) {
    let valid = 0;
    for (const sub of s.allOf) {
      const r = validateNode(sub, d, path);
      if (r.errors.length === 0) valid++;
      merge(main, r);
    }
    if (valid !== s.allOf.length) main.errors.push({ kind: 'api', message: `${path} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}` });
  }
  if (s.not && validateNode(s.not, d, path).errors.length === 0) main.errors.push({ kind: 'api', message: `${path} must not validate the schema (not)` });
  main.matchCount++;
  return main;
}

function stringChecks(s: SNode, d: string, path: string): VResult {
  const r: VResult = { errors: [], matchCount: 1 };
  const len = [...d].length;
  if (s.maxLength !== undefined && len > s.maxLength) r.errors.push(v('tooLong', path, d, `${path} in ${IN} should be at most ${s.maxLength} chars long`));
  if (s.minLength !== undefined && len < s.minLength) r.errors.push(v('tooShort', path, d, `${path} in ${IN} should be at least ${s.minLength} chars long`));
  if (s.pattern && !s.pattern.re.test(d)) r.errors.push(v('pattern', path, d, `${path} in ${IN} should match '${s.pattern.source}'`));
  return r;
}

function numberChecks(s: SNode, d: number, path: string): VResult {
  const r: VResult = { errors: [], matchCount: 1 };
  const isInt = Number.isInteger(d);
  // Bounds are float64 in the schema; against an int64 value upstream truncates and prints them as ints.
  const bound = (b: number) => (isInt ? Math.trunc(b) : b);
  const show = (b: number) => (isInt ? String(Math.trunc(b)) : goFloat64(b));
  if (s.multipleOf !== undefined) {
    const f = bound(s.multipleOf);
    if (f <= 0) r.errors.push(v('multipleOf', path, f, `factor MultipleOf declared for ${path} must be positive: ${show(f)}`));
    else if (isInt ? d % f !== 0 : !Number.isInteger(f < 1 ? (1 / f) * d : d / f)) r.errors.push(v('multipleOf', path, d, `${path} in ${IN} should be a multiple of ${show(f)}`));
  }
  if (s.minimum !== undefined) {
    const m = bound(s.minimum);
    if (d < m || (s.exclusiveMinimum && d === m)) r.errors.push(v('min', path, d, `${path} in ${IN} should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${show(s.minimum)}`));
  }
  if (s.maximum !== undefined) {
    const m = bound(s.maximum);
    if (d > m || (s.exclusiveMaximum && d === m)) r.errors.push(v('max', path, d, `${path} in ${IN} should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${show(s.maximum)}`));
  }
  return r;
}

function arrayChecks(s: SNode, d: JsonValue[], path: string): VResult {
  const r: VResult = { errors: [], matchCount: 1 };
  if (s.items) d.forEach((x, i) => merge(r, validateNode(s.items as SNode, x, `${path}[${i}]`)));
  if (s.minItems !== undefined && d.length < s.minItems) r.errors.push(v('minItems', path, d.length, `${path} in ${IN} should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && d.length > s.maxItems) r.errors.push(v('maxItems', path, d.length, `${path} in ${IN} should have at most ${s.maxItems} items`));
  if (s.uniqueItems && d.some((x, i) => d.findIndex((y) => jsonEqual(x, y)) !== i)) r.errors.push(v('unique', path, null, `${path} in ${IN} shouldn't contain duplicates`));
  return r;
}

function enumCheck(s: SNode, d: JsonValue, path: string): VResult {
  if (!s.enum?.length || s.enum.some((e) => jsonEqual(e, d))) return ok();
  return fail(v('enum', path, d, `${path} in ${IN} should be one of ${JSON.stringify(s.enum)}`, s.enum));
}

function objectChecks(s: SNode, d: Record<string, JsonValue>, path: string): VResult {
  const n = Object.keys(d).length;
  if (s.minProperties !== undefined && n < s.minProperties) return fail(v('tooFewProps', path, n, `${path} in ${IN} should have at least ${s.minProperties} properties`));
  if (s.maxProperties !== undefined && n > s.maxProperties) return fail(v('tooManyProps', path, n, `${path} in ${IN} should have at most ${s.maxProperties} properties`));
  const r: VResult = { errors: [], matchCount: 1 };
  if (s.additionalProperties) {
    for (const [k, x] of Object.entries(d)) if (!s.properties?.has(k)) merge(r, validateNode(s.additionalProperties, x, `${path}.${k}`));
  }
  for (const [k, prop] of s.properties ?? []) {
    if (Object.hasOwn(d, k)) merge(r, validateNode(prop, d[k] as JsonValue, path ? `${path}.${k}` : k));
  }
  for (const k of s.required ?? []) if (!Object.hasOwn(d, k)) r.errors.push(v('required', `${path}.${k}`, undefined, `${path}.${k} in ${IN} is required`));
  return r;
}

/** Validates `d` against node `s`; `path` is upstream's dotted path (`''` at the root). */
export function validateNode(s: SNode, d: JsonValue, path: string): VResult {
  const r: VResult = { errors: [], matchCount: 0 };
  if (d === null) return merge(r, typeCheck(s, d, path), enumCheck(s, d, path));
  merge(r, typeCheck(s, d, path), junctors(s, d, path));
  if (typeof d === 'string') {
    merge(r, stringChecks(s, d, path));
    if (s.format) merge(r, formatValid(s.format, d) ? ok() : fail(v('type', path, d, `${path} in ${IN} must be of type ${s.formatName ?? s.format}: ${goQuote(d)}`)));
  }
  if (typeof d === 'number') merge(r, numberChecks(s, d, path));
  if (Array.isArray(d)) merge(r, arrayChecks(s, d, path));
  merge(r, enumCheck(s, d, path));
  if (isObject(d)) merge(r, objectChecks(s, d, path));
  return r;
}
