import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLabelSelector, labelSelectorRequirements, matchesLabels, parseLabelSelector } from '@/lib/k8s/label-selector';
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { BOOTSTRAP_RBAC } from './bootstrap-rbac';
import { matchesFields, parseFieldSelector } from './field-selector';
import { builtinPatchMeta, patchMetaFromSchema } from './patch-meta';
import { authorize, rulesReview } from './rbac';
import { recordUpdate, serverSideApply } from './server-side-apply';
import { applyStrategicMergePatch, PatchError } from './strategic-merge';
import { admitCustomResource, compileStructuralSchema } from './structural-schema';

/** Engines take untrusted input: whatever arrives, they answer (or throw their documented PatchError). */
const RUNS = { numRuns: 300 };
const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<unknown>;
const object = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })) as fc.Arbitrary<JsonObject>;
/** Strings drawn from selector-ish characters so the parsers get past their first token. */
const selectorText = fc.string({ unit: fc.constantFrom(...'ab=!,() in notin x1>< \\-_./'.split('')), maxLength: 30 });
const kinds = fc.constantFrom(['apps', 'Deployment'], ['', 'Pod'], ['', 'Service'], ['autoscaling', 'HorizontalPodAutoscaler'], ['keda.sh', 'ScaledObject']);

describe('engines never throw on malformed input', () => {
  it('label and field selectors', () => {
    fc.assert(
      fc.property(fc.oneof(selectorText, fc.string()), json, (text, sel) => {
        const r = parseLabelSelector(text);
        if (r.ok) {
          formatLabelSelector(r.requirements);
          matchesLabels(r.requirements, { a: 'b', x1: '3' });
        }
        const s = labelSelectorRequirements(sel);
        if (s.ok) matchesLabels(s.requirements, undefined);
        const f = parseFieldSelector(text);
        if (f.ok) matchesFields(f.requirements, { a: 'b' });
      }),
      RUNS,
    );
  });

  it('strategic merge patch: a result or a PatchError', () => {
    fc.assert(
      fc.property(object, object, kinds, (original, patch, [group, kind]) => {
        try {
          applyStrategicMergePatch(original, patch, builtinPatchMeta(group ?? '', kind ?? ''));
        } catch (e) {
          expect(e).toBeInstanceOf(PatchError);
        }
      }),
      RUNS,
    );
  });

  it('strategic merge patch on list-shaped input', () => {
    const list = fc.array(fc.oneof(fc.record({ name: fc.constantFrom('a', 'b', 'c'), image: fc.string({ maxLength: 3 }) }), fc.record({ name: fc.constantFrom('a', 'b'), $patch: fc.constantFrom('delete', 'replace', 'merge', 'x') }), fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 });
    fc.assert(
      fc.property(list, list, fc.array(fc.record({ name: fc.constantFrom('a', 'b', 'c') }), { maxLength: 3 }), (orig, patch, order) => {
        const wrap = (containers: unknown, extra: JsonObject = {}) => ({ spec: { template: { spec: { containers, ...extra } } } }) as unknown as JsonObject;
        try {
          applyStrategicMergePatch(wrap(orig), wrap(patch, { '$setElementOrder/containers': order } as unknown as JsonObject), builtinPatchMeta('apps', 'Deployment'));
        } catch (e) {
          expect(e).toBeInstanceOf(PatchError);
        }
      }),
      RUNS,
    );
  });

  it('structural schemas: compile and admit anything', () => {
    fc.assert(
      fc.property(json, object, (schema, obj) => {
        const c = compileStructuralSchema(schema);
        if (c.ok) admitCustomResource(c.schema, obj);
        patchMetaFromSchema(schema);
      }),
      RUNS,
    );
    const fixed = compileStructuralSchema({ type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer', minimum: 0, multipleOf: 2 }, s: { type: 'string', pattern: '^a', format: 'date-time' }, l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], items: { type: 'object', properties: { k: { type: 'string' } } } } } } } });
    expect(fixed.ok).toBe(true);
    if (fixed.ok) fc.assert(fc.property(object, (spec) => void admitCustomResource(fixed.schema, { spec })), RUNS);
  });

  it('RBAC with junk roles and bindings', () => {
    const junk = fc.array(object.map((o) => o as unknown as KubeObject), { maxLength: 3 });
    fc.assert(
      fc.property(junk, junk, junk, junk, fc.string(), fc.string(), (roles, clusterRoles, roleBindings, clusterRoleBindings, verb, ns) => {
        const rbac = { roles, clusterRoles: [...clusterRoles, ...BOOTSTRAP_RBAC.filter((o) => o.kind === 'ClusterRole')], roleBindings, clusterRoleBindings };
        authorize({ username: 'u', groups: ['system:authenticated'] }, { verb, apiGroup: '', resource: 'pods', namespace: ns }, rbac);
        authorize({ username: 'u', groups: [] }, { verb, path: `/${ns}` }, rbac);
        rulesReview({ username: 'u', groups: [] }, ns, rbac);
      }),
      RUNS,
    );
  });

  it('server-side apply and update recording', () => {
    const managed = fc.array(fc.record({ manager: fc.string({ maxLength: 3 }), operation: fc.constantFrom('Apply', 'Update', 'Other'), apiVersion: fc.constant('v1'), fieldsV1: fc.jsonValue({ maxDepth: 3 }) }), { maxLength: 3 });
    fc.assert(
      fc.property(object, object, managed, fc.boolean(), kinds, (live, applied, mf, force, [group, kind]) => {
        const meta = builtinPatchMeta(group ?? '', kind ?? '');
        const withMf = { ...live, metadata: { uid: 'x', managedFields: mf } } as unknown as JsonObject;
        serverSideApply({ live: withMf, applied, manager: 'm', force, meta, apiVersion: 'v1', time: '2025-01-01T00:00:00Z' });
        recordUpdate(withMf, applied, 'm', meta, 'v1', '2025-01-01T00:00:00Z');
        recordUpdate(undefined, live, 'm', meta, 'v1', '2025-01-01T00:00:00Z', 'status');
      }),
      RUNS,
    );
  });

  it('server-side apply on keyed lists with duplicate, keyless and odd items', () => {
    const item = fc.oneof(fc.record({ name: fc.constantFrom('a', 'b'), ports: fc.array(fc.record({ containerPort: fc.constantFrom(80, 81), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['containerPort'] }), { maxLength: 2 }) }), fc.jsonValue({ maxDepth: 1 }));
    const deploy = fc.array(item, { maxLength: 3 }).map((containers) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', finalizers: ['x', 'x'] }, spec: { template: { spec: { containers } } } }) as unknown as JsonObject);
    const meta = builtinPatchMeta('apps', 'Deployment');
    fc.assert(
      fc.property(deploy, deploy, deploy, (a, b, c) => {
        const first = serverSideApply({ applied: a, manager: 'm1', force: false, meta, apiVersion: 'apps/v1', time: '2025-01-01T00:00:00Z' });
        if (!first.ok) return;
        const live = { ...first.object, metadata: { ...(first.object.metadata as JsonObject), uid: 'u' } };
        const second = serverSideApply({ live, applied: b, manager: 'm2', force: true, meta, apiVersion: 'apps/v1', time: '2025-01-01T00:01:00Z' });
        if (second.ok) serverSideApply({ live: second.object, applied: c, manager: 'm1', force: false, meta, apiVersion: 'apps/v1', time: '2025-01-01T00:02:00Z' });
        recordUpdate(live, c, 'u', meta, 'apps/v1', '2025-01-01T00:03:00Z');
      }),
      RUNS,
    );
  });
});
