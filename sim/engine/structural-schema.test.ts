import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@/lib/k8s/object';
import { admitCustomResource, compileStructuralSchema, type StructuralSchema } from './structural-schema';

function compile(schema: unknown): StructuralSchema {
  const r = compileStructuralSchema(schema);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.schema;
}
const obj = (spec: unknown, extra: JsonObject = {}): JsonObject => ({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec: spec as JsonObject, ...extra });
const messages = (s: StructuralSchema, o: JsonObject) => admitCustomResource(s, o).errors.map((e) => e.message);

const SCHEMA = compile({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['scaleTargetRef'],
      properties: {
        scaleTargetRef: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, kind: { type: 'string' } } },
        maxReplicaCount: { type: 'integer', format: 'int32', maximum: 1000000 },
        minReplicaCount: { type: 'integer', minimum: 0 },
        ratio: { type: 'number', exclusiveMaximum: true, maximum: 1.5, multipleOf: 0.25 },
        step: { type: 'integer', multipleOf: 5 },
        updateMode: { type: 'string', enum: ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'Auto'] },
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        since: { type: 'string', format: 'date-time' },
        period: { type: 'string', format: 'int64' },
        maxSurge: { 'x-kubernetes-int-or-string': true },
        hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' }, minItems: 1, maxItems: 3 },
        conditions: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], items: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, status: { type: 'string' } } } },
        metadata: { type: 'object', additionalProperties: { type: 'string' } },
        pollingInterval: { type: 'integer', default: 30 },
        fallback: { type: 'object', properties: { replicas: { type: 'integer' }, behavior: { type: 'string', default: 'static' } } },
        note: { type: 'string', nullable: true },
        raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        mode: { type: 'string', anyOf: [{ enum: ['a'] }, { enum: ['b'] }] },
        one: { type: 'integer', oneOf: [{ minimum: 0 }, { maximum: 10 }] },
        never: { type: 'string', not: { enum: ['x'] } },
      },
    },
  },
});
const base = { scaleTargetRef: { name: 'web' } };

describe('admitCustomResource: validation messages as kube-apiserver words them', () => {
  it.each([
    ['wrong type', { maxReplicaCount: 'string' }, 'spec.maxReplicaCount: Invalid value: "string": spec.maxReplicaCount in body must be of type integer: "string"'],
    ['float for an integer', { minReplicaCount: 1.5 }, 'spec.minReplicaCount: Invalid value: "number": spec.minReplicaCount in body must be of type integer: "number"'],
    ['unsupported enum value', { updateMode: 'Sometimes' }, 'spec.updateMode: Unsupported value: "Sometimes": supported values: "Off", "Initial", "Recreate", "InPlaceOrRecreate", "Auto"'],
    ['minimum', { minReplicaCount: -1 }, 'spec.minReplicaCount: Invalid value: -1: spec.minReplicaCount in body should be greater than or equal to 0'],
    ['maximum of an int prints the bound as an int', { maxReplicaCount: 2000000 }, 'spec.maxReplicaCount: Invalid value: 2000000: spec.maxReplicaCount in body should be less than or equal to 1000000'],
    ['exclusive maximum of a float', { ratio: 1.5 }, 'spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1.5'],
    ['multipleOf of a float', { ratio: 0.3 }, 'spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25'],
    ['multipleOf of an int', { step: 7 }, 'spec.step: Invalid value: 7: spec.step in body should be a multiple of 5'],
    ['too short', { name: 'a' }, 'spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long'],
    ['too long', { name: 'abcdef' }, 'spec.name: Too long: value is too long'],
    ['pattern', { name: 'AB' }, "spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'"],
    ['date-time format', { since: 'yesterday' }, 'spec.since: Invalid value: "yesterday": spec.since in body must be of type date-time: "yesterday"'],
    ['int-or-string', { maxSurge: true }, 'spec.maxSurge: Invalid value: "boolean": spec.maxSurge in body must be of type integer,string: "boolean"'],
    ['too few items', { hosts: [] }, 'spec.hosts: Invalid value: 0: spec.hosts in body should have at least 1 items'],
    ['too many items', { hosts: ['a', 'b', 'c', 'd'] }, 'spec.hosts: Too many: 4: has too many items'],
    ['set duplicate', { hosts: ['a', 'a'] }, 'spec.hosts[1]: Duplicate value: "a"'],
    ['map duplicate key', { conditions: [{ type: 'Ready' }, { type: 'Ready', status: 'x' }] }, 'spec.conditions[1]: Duplicate value: map[string]interface {}{"type":"Ready"}'],
    ['item type', { conditions: [{ type: 1 }] }, 'spec.conditions[0].type: Invalid value: "integer": spec.conditions[0].type in body must be of type string: "integer"'],
    ['item required', { conditions: [{ status: 'x' }] }, 'spec.conditions[0].type: Required value'],
    ['map of strings', { metadata: { a: 1 } }, 'spec.metadata.a: Invalid value: "integer": spec.metadata.a in body must be of type string: "integer"'],
    ['anyOf', { mode: 'c' }, '<nil>: Invalid value: "": spec.mode must validate at least one schema (anyOf)'],
    ['oneOf', { one: 5 }, '<nil>: Invalid value: "": spec.one must validate one and only one schema (oneOf). Found 2 valid alternatives'],
    ['not', { never: 'x' }, '<nil>: Invalid value: "": spec.never must not validate the schema (not)'],
  ])('%s', (_name, spec, message) => {
    expect(messages(SCHEMA, obj({ ...base, ...(spec as JsonObject) }))).toContain(message);
  });

  it('reports a missing required field and a missing nested one', () => {
    expect(messages(SCHEMA, obj({}))).toEqual(['spec.scaleTargetRef: Required value']);
    expect(messages(SCHEMA, obj({ scaleTargetRef: {} }))).toEqual(['spec.scaleTargetRef.name: Required value']);
  });

  it('ignores formats kube-apiserver does not support (int64 on a string)', () => {
    expect(messages(SCHEMA, obj({ ...base, period: 'whatever' }))).toEqual([]);
  });

  it('accepts a valid object unchanged but for defaults', () => {
    const r = admitCustomResource(SCHEMA, obj({ ...base, maxSurge: '25%', since: '2024-10-24T10:00:00Z', hosts: ['a'], mode: 'b', one: 20, never: 'y' }));
    expect(r.errors).toEqual([]);
    expect(r.unknownFields).toEqual([]);
    expect((r.object.spec as JsonObject).pollingInterval).toBe(30);
  });
});

describe('admitCustomResource: pruning, nulls and defaults', () => {
  it('prunes unknown fields and names them, keeping apiVersion/kind/metadata and preserved subtrees', () => {
    const input = obj({ ...base, bogus: 1, scaleTargetRef: { name: 'web', extra: true }, conditions: [{ type: 'A', junk: 1 }], raw: { anything: { deep: 1 }, known: { a: 'x', b: 'pruned' } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } } }, { status: { s: 1 }, top: 1 });
    const r = admitCustomResource(SCHEMA, input);
    expect(r.unknownFields).toEqual(['spec.bogus', 'spec.conditions[0].junk', 'spec.raw.known.b', 'spec.scaleTargetRef.extra', 'status', 'top']);
    expect(r.object.metadata).toEqual({ name: 'a' });
    const spec = r.object.spec as JsonObject;
    expect(spec.raw).toEqual({ anything: { deep: 1 }, known: { a: 'x' } });
    expect(spec.template).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } });
    expect(input.top).toBe(1); // input untouched
  });

  it('applies defaults, including inside values it adds and for non-nullable nulls', () => {
    const r = admitCustomResource(SCHEMA, obj({ ...base, pollingInterval: null, fallback: { replicas: 2 } }));
    expect(r.errors).toEqual([]);
    expect(r.object.spec).toMatchObject({ pollingInterval: 30, fallback: { replicas: 2, behavior: 'static' } });
  });

  it('drops nulls of non-nullable fields without default, keeps nullable ones', () => {
    const r = admitCustomResource(SCHEMA, obj({ ...base, minReplicaCount: null, note: null }));
    expect(r.errors).toEqual([]);
    expect(r.object.spec).not.toHaveProperty('minReplicaCount');
    expect((r.object.spec as JsonObject).note).toBeNull();
  });

  it('requires apiVersion and kind in embedded resources', () => {
    expect(messages(SCHEMA, obj({ ...base, template: { spec: {} } }))).toEqual(['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty']);
  });
});

describe('x-kubernetes-validations', () => {
  const keda = compile({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: { minReplicaCount: { type: 'integer' }, maxReplicaCount: { type: 'integer' }, mode: { type: 'string', enum: ['a'] } },
        'x-kubernetes-validations': [{ message: 'minReplicaCount must be less than or equal to maxReplicaCount', rule: '!has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount)\n  ? self.maxReplicaCount : 100)' }],
      },
      other: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a == self.b' }] },
    },
  });

  it('emulates KEDA’s minReplicaCount <= maxReplicaCount rule (default max 100)', () => {
    const msg = 'spec: Invalid value: "object": minReplicaCount must be less than or equal to maxReplicaCount';
    expect(messages(keda, obj({ minReplicaCount: 5, maxReplicaCount: 2 }))).toEqual([msg]);
    expect(messages(keda, obj({ minReplicaCount: 101 }))).toEqual([msg]);
    expect(messages(keda, obj({ minReplicaCount: 2, maxReplicaCount: 2 }))).toEqual([]);
    expect(messages(keda, obj({ maxReplicaCount: 0 }))).toEqual([]);
  });

  it('skips rules when the object has type errors, as upstream, and says so', () => {
    expect(messages(keda, obj({ minReplicaCount: 5, maxReplicaCount: 2, mode: 'z' }))).toEqual([
      'spec.mode: Unsupported value: "z": supported values: "a"',
      '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  it('reports rules it cannot evaluate as warnings instead of passing them silently', () => {
    const r = admitCustomResource(keda, obj({}, { other: { a: 1 } }));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual(['other: x-kubernetes-validations rule not evaluated (the simulator does not implement CEL): self.a == self.b']);
  });
});

describe('compileStructuralSchema', () => {
  it.each([
    [{ type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } }, 'openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields'],
    [{ type: 'object', properties: { l: { type: 'array', items: {} } } }, 'openAPIV3Schema.properties[l].items.type: Required value: must not be empty for specified array items'],
    [{ type: 'string' }, 'openAPIV3Schema.type: Invalid value: "string": must be object at the root'],
    [{ type: 'object', properties: { l: { type: 'array', uniqueItems: true, items: { type: 'string' } } } }, 'openAPIV3Schema.properties[l].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic'],
    [{ type: 'object', properties: { a: { type: 'string', anyOf: [{ type: 'object' }] } } }, 'openAPIV3Schema.properties[a].anyOf[0].type: Forbidden: must be empty to be structural'],
    [{ type: 'object', properties: { a: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object' } } } }, 'openAPIV3Schema.properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map'],
    [{ type: 'object', properties: { a: { type: 'integer', default: 'x' } } }, 'openAPIV3Schema.properties[a].default: Invalid value: "string":  in body must be of type integer: "string"'],
    [{ type: 'object', properties: { a: { type: 'string', pattern: '(' } } }, 'openAPIV3Schema.properties[a].pattern: Invalid value: "(": must be a valid regular expression'],
    [null, 'openAPIV3Schema: Invalid value: null: must be a schema object'],
  ])('refuses %j', (schema, error) => {
    const r = compileStructuralSchema(schema);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.join('\n')).toContain(error);
  });
});
