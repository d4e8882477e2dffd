/** Builders of kube `field.Error`s with the exact texts of k8s.io/apimachinery/pkg/util/validation/field. */
import type { FieldError } from '../registry/types';

/** Go's `%#v`-ish rendering of a value inside `Invalid value: …`. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (!Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) return goStringMap(v as Record<string, string>);
  return JSON.stringify(v);
}

/** `map[string]string{"a":"b", "c":"d"}`: how Go prints a label map, keys sorted. */
export function goStringMap(m: Record<string, string> | undefined): string {
  if (!m) return 'map[string]string(nil)';
  return `map[string]string{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}`;
}

export const fieldErr = {
  required(field: string, detail = ''): FieldError {
    return { type: 'FieldValueRequired', field, detail, message: `${field}: Required value${detail ? `: ${detail}` : ''}` };
  },
  invalid(field: string, value: unknown, detail: string, rendered?: string): FieldError {
    return { type: 'FieldValueInvalid', field, detail, message: `${field}: Invalid value: ${rendered ?? goValue(value)}${detail ? `: ${detail}` : ''}` };
  },
  notSupported(field: string, value: unknown, valid: string[]): FieldError {
    const detail = `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`;
    return { type: 'FieldValueNotSupported', field, detail, message: `${field}: Unsupported value: ${goValue(value)}: ${detail}` };
  },
  forbidden(field: string, detail: string): FieldError {
    return { type: 'FieldValueForbidden', field, detail, message: `${field}: Forbidden: ${detail}` };
  },
  duplicate(field: string, value: unknown): FieldError {
    return { type: 'FieldValueDuplicate', field, detail: '', message: `${field}: Duplicate value: ${goValue(value)}` };
  },
  tooLong(field: string, max: number): FieldError {
    const detail = `may not be more than ${max} bytes`;
    return { type: 'FieldValueTooLong', field, detail, message: `${field}: Too long: ${detail}` };
  },
};
