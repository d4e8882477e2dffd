/**
 * apimachinery `field.Error` as kube-apiserver prints it: `<field>: <Type>[: <value>][: <detail>]`,
 * values formatted the way `ErrorBody` formats Go values (`%q` strings, `%v` numbers, `%#v` maps).
 */

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden';

/** One validation failure, worded as kube-apiserver words it in a Status cause. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The full text, field first: `spec.maxReplicaCount: Invalid value: "string": …`. */
  message: string;
  detail: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
};

/** Marks "no value to print" (upstream's omitValue). */
export const OMIT = Symbol('omit');

/** Builds a field error; `value` is printed unless the type never prints one or it is {@link OMIT}. */
export function fieldError(type: FieldErrorType, field: string, value: unknown, detail: string): FieldError {
  let body = TYPE_TEXT[type];
  const printsValue = !['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong'].includes(type) && value !== OMIT;
  if (printsValue) body += `: ${goValue(value)}`;
  if (detail) body += `: ${detail}`;
  return { type, field, message: `${field}: ${body}`, detail };
}

/** `ErrorBody`'s value printing: null, `%v` for numbers and booleans, `%q` strings, `%#v` otherwise. */
export function goValue(v: unknown): string {
  // A nil value is replaced by the string "null" before printing, hence the quotes.
  if (v === null || v === undefined) return '"null"';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  return goSharpV(v);
}

/** Go's `%q`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `%v` of a decoded JSON number: integers are int64, others float64 (shortest, Go exponent style). */
export function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? String(n) : goFloat64(n);
}

/** `%v` of a float64 (`strconv` shortest `%g`: exponent form below 1e-4 and from 1e6, as `1e+06`). */
export function goFloat64(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  if (f === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = f.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(f);
}

/** Go's `%#v` of decoded JSON (`map[string]interface {}{"a":1}`, `[]interface {}{"x"}`). */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const o = v as Record<string, unknown>;
  const entries = Object.keys(o)
    .sort()
    .map((k) => `${goQuote(k)}:${goSharpV(o[k])}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}
