import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/object';
import { applyMergePatch, mergePatchHolds, objectDiff, operationDiff } from './preview';
import { decodeRecord, encodeRecord, eventReason, leaseBlocks, withMigrationAnnotation, type MigrationRecord } from './record';

const hpa: KubeObject = {
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'orders', namespace: 'shop', uid: 'u1', resourceVersion: '41', generation: 3, managedFields: [{ manager: 'kubectl' }] },
  spec: { minReplicas: 2, maxReplicas: 10 },
  status: { currentReplicas: 4 },
};
const ref = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'orders' };

describe('preview', () => {
  it('diffs YAML without managedFields, resourceVersion, generation and status', () => {
    const d = operationDiff({ kind: 'patch', target: ref, patchType: 'merge', patch: { spec: { maxReplicas: 12 } }, precondition: {}, after: hpa }, hpa);
    expect(d.change).toBe('update');
    expect(d.unified.split('\n').slice(0, 2)).toEqual(['--- a/HorizontalPodAutoscaler/shop/orders.yaml', '+++ b/HorizontalPodAutoscaler/shop/orders.yaml']);
    expect(d.unified).toContain('-  maxReplicas: 10\n+  maxReplicas: 12');
    for (const noise of ['managedFields', 'resourceVersion', 'generation', 'currentReplicas']) expect(`${d.before}${d.after}`).not.toContain(noise);
  });

  it('shows a create and a delete as the whole object', () => {
    expect(objectDiff(ref, null, hpa)).toMatchObject({ change: 'create', before: null });
    const gone = objectDiff(ref, hpa, null);
    expect(gone).toMatchObject({ change: 'delete', after: null });
    expect(gone.unified).toContain('+++ /dev/null');
    expect(gone.unified).toContain('-  maxReplicas: 10');
  });

  it('applies JSON merge patches (RFC 7386) and tells whether their effect is present', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: [1] }, f: 'x' })).toEqual({ a: 1, b: { d: 3, e: [1] }, f: 'x' });
    expect(mergePatchHolds({ spec: { a: 1, b: 2 } }, { spec: { a: 1 } })).toBe(true);
    expect(mergePatchHolds({ spec: { a: 1 } }, { spec: { a: 2 } })).toBe(false);
    expect(mergePatchHolds({ spec: { a: 1 } }, { spec: { gone: null } })).toBe(true);
  });
});

describe('the migration record', () => {
  const rec: MigrationRecord = {
    schema: 1, id: 'abc123', context: 'ctx', type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'orders' },
    summary: 's', status: 'in-progress', step: 1, createdAt: 't0', createdBy: 'me', updatedAt: 't1', options: {},
    plan: { type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'orders' }, summary: 's', preflight: [], touches: [ref], steps: [
      { index: 0, id: 'one', title: 'One', description: '', operations: [], inverse: [], postConditions: [], timeoutSeconds: 5 },
    ] },
    steps: [{ id: 'one', state: 'done', checks: [], applied: [], diff: [], dryRun: { ok: true, messages: [] }, replans: 0 }],
    basis: [{ ref, uid: 'u1', generation: 3 }],
    backups: [{ ref, step: 0, takenAt: 't', manifest: hpa }],
    log: [{ at: 't', level: 'info', message: 'hello' }],
  };

  it('round-trips through the ConfigMap, lease included', () => {
    const cm = encodeRecord(rec, { lease: { holder: 'h1', expiresAt: '2030-01-01T00:00:00Z' }, resourceVersion: '7' });
    expect(cm.metadata).toMatchObject({ name: 'scaleguard-migration-abc123', namespace: 'shop', resourceVersion: '7', labels: { 'scaleguard.dev/migration': 'abc123', 'app.kubernetes.io/managed-by': 'scaleguard' } });
    const back = decodeRecord(cm);
    expect(back).toMatchObject({ ok: true, record: rec, lease: { holder: 'h1' } });
  });

  it('refuses a malformed record instead of half-reading it', () => {
    const cm = encodeRecord(rec);
    expect(decodeRecord({ ...cm, data: { ...cm.data, 'migration.json': '{"schema":1}' } })).toMatchObject({ ok: false });
    expect(decodeRecord({ ...cm, data: { ...cm.data, 'plan.json': 'not json' } })).toMatchObject({ ok: false });
    expect(decodeRecord({ ...cm, data: { ...cm.data, 'backups.json': '[{"ref":1}]' } })).toMatchObject({ ok: false, error: expect.stringContaining('backups') });
  });

  it('leases block other holders until they expire', () => {
    const lease = { holder: 'a', expiresAt: '2030-01-01T00:00:10Z' };
    expect(leaseBlocks(lease, 'b', new Date('2030-01-01T00:00:00Z'))).toBe(true);
    expect(leaseBlocks(lease, 'a', new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(leaseBlocks(lease, 'b', new Date('2030-01-01T00:00:11Z'))).toBe(false);
  });

  it('marks operations with the migration, a JSON patch too, and names Events after the action', () => {
    const json = withMigrationAnnotation({ kind: 'patch', target: ref, patchType: 'json', patch: [{ op: 'remove', path: '/spec/x' }], precondition: {}, after: hpa }, 'abc123', false);
    expect(json).toMatchObject({ patch: [{ op: 'remove' }, { op: 'add', path: '/metadata/annotations', value: { 'scaleguard.dev/migration': 'abc123' } }] });
    const json2 = withMigrationAnnotation({ kind: 'patch', target: ref, patchType: 'json', patch: [], precondition: {}, after: hpa }, 'abc123', true);
    expect(json2).toMatchObject({ patch: [{ op: 'add', path: '/metadata/annotations/scaleguard.dev~1migration', value: 'abc123' }] });
    const merge = withMigrationAnnotation({ kind: 'patch', target: ref, patchType: 'merge', patch: { spec: { a: 1 }, metadata: { resourceVersion: '4' } }, precondition: {}, after: hpa }, 'abc123');
    expect(merge).toMatchObject({ patch: { spec: { a: 1 }, metadata: { resourceVersion: '4', annotations: { 'scaleguard.dev/migration': 'abc123' } } } });
    expect(eventReason('hpa-to-scaledobject')).toBe('ScaleguardHpaToScaledobject');
    expect(eventReason('keda-operator-restart')).toBe('ScaleguardKedaOperatorRestart');
  });
});
