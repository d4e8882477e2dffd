import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@/lib/k8s/object';
import { builtinPatchMeta, patchMetaFromSchema } from './patch-meta';
import { recordUpdate, serverSideApply, type ApplyRequest } from './server-side-apply';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';
const DEPLOY = builtinPatchMeta('apps', 'Deployment');

/** The Deployment of the kubernetes.io server-side apply docs / `kubectl create deployment nginx`. */
const nginx = (replicas = 3, extra: JsonObject = {}): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' }, ...((extra.metadata as JsonObject) ?? {}) },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] } },
  },
});
const apply = (r: Partial<ApplyRequest> & Pick<ApplyRequest, 'applied'>) => serverSideApply({ manager: 'kubectl', force: false, meta: DEPLOY, apiVersion: 'apps/v1', time: T0, ...r });
const stored = (o: JsonObject): JsonObject => ({ ...o, metadata: { ...(o.metadata as JsonObject), uid: 'u1', resourceVersion: '1' } });
const mf = (o: JsonObject) => (o.metadata as JsonObject).managedFields as JsonObject[];
const ok = (r: ReturnType<typeof serverSideApply>): JsonObject => {
  if (!r.ok) throw new Error(r.message);
  return r.object;
};

describe('serverSideApply', () => {
  it('creates with one Apply entry whose FieldsV1 is what kube-apiserver writes', () => {
    const obj = ok(apply({ applied: nginx() }));
    expect(mf(obj)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
            },
          },
        },
      },
    ]);
    expect((obj.spec as JsonObject).replicas).toBe(3);
  });

  it('reports a conflict with a client-side-apply manager in upstream words, and force takes it over', () => {
    const created = nginx(3);
    (created.metadata as JsonObject).managedFields = recordUpdate(undefined, created, 'kubectl-client-side-apply', DEPLOY, 'apps/v1', T0);
    const live = stored(created);
    const r = apply({ live, applied: nginx(5), manager: 'deployer' });
    expect(r).toEqual({
      ok: false,
      status: 409,
      conflicts: [{ manager: 'kubectl-client-side-apply', field: '.spec.replicas', message: 'conflict with "kubectl-client-side-apply" using apps/v1' }],
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    });
    const forced = ok(apply({ live, applied: nginx(5), manager: 'deployer', force: true, time: T1 }));
    expect((forced.spec as JsonObject).replicas).toBe(5);
    const csa = mf(forced).find((e) => e.manager === 'kubectl-client-side-apply') as JsonObject;
    expect(csa.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);
  });

  it('lists several conflicts per manager', () => {
    const created = nginx(3);
    (created.metadata as JsonObject).managedFields = recordUpdate(undefined, created, 'kubectl-client-side-apply', DEPLOY, 'apps/v1', T0);
    const changed = nginx(4);
    ((((changed.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0]!.image = 'nginx:1.27';
    const r = apply({ live: stored(created), applied: changed, manager: 'deployer' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
  });

  it('shares fields applied with the same value, without conflict', () => {
    const first = ok(apply({ applied: nginx(3), manager: 'a' }));
    const second = ok(apply({ live: stored(first), applied: nginx(3), manager: 'b' }));
    expect(mf(second).map((e) => e.manager)).toEqual(['a', 'b']);
  });

  it('prunes what an applier no longer applies, unless someone else owns it', () => {
    const withLabels = (labels: JsonObject) => ({ ...nginx(), metadata: { name: 'nginx', namespace: 'default', labels } });
    const v1 = ok(apply({ applied: withLabels({ app: 'nginx', tier: 'web', team: 'a' }) }));
    const shared = ok(apply({ live: stored(v1), applied: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', labels: { team: 'a' } } }, manager: 'other' }));
    const v2 = ok(apply({ live: stored(shared), applied: withLabels({ app: 'nginx' }), time: T1 }));
    expect((v2.metadata as JsonObject).labels).toEqual({ app: 'nginx', team: 'a' });
  });

  it('removes a container the applier no longer lists', () => {
    const two = nginx();
    ((((two.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[]).push({ name: 'sidecar', image: 'busybox' });
    const v1 = ok(apply({ applied: two }));
    const v2 = ok(apply({ live: stored(v1), applied: nginx(), time: T1 }));
    expect(((((v2.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[]).map((c) => c.name)).toEqual(['nginx']);
  });

  it('lets kubectl take over what client-side apply last applied (kubectl apply --server-side on a CSA object)', () => {
    const csa = nginx(3);
    const lastApplied = `${JSON.stringify(nginx(3))}\n`;
    (csa.metadata as JsonObject).annotations = { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied };
    (csa.metadata as JsonObject).managedFields = recordUpdate(undefined, csa, 'kubectl-client-side-apply', DEPLOY, 'apps/v1', T0);
    const out = ok(apply({ live: stored(csa), applied: nginx(4), time: T1 }));
    expect((out.spec as JsonObject).replicas).toBe(4);
    const annotation = ((out.metadata as JsonObject).annotations as JsonObject)['kubectl.kubernetes.io/last-applied-configuration'] as string;
    expect(JSON.parse(annotation)).toEqual(nginx(4));
    expect(annotation.endsWith('\n')).toBe(true);
    // Another manager changed replicas since: that one still conflicts.
    const scaled = structuredClone(stored(csa));
    (scaled.spec as JsonObject).replicas = 7;
    (scaled.metadata as JsonObject).managedFields = recordUpdate(stored(csa), scaled, 'kube-controller-manager', DEPLOY, 'apps/v1', T1, 'scale');
    const r = apply({ live: scaled, applied: nginx(4) });
    expect(!r.ok && r.message).toBe('Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it('gives an object without managedFields a before-first-apply owner', () => {
    const live = stored(nginx(3));
    const out = ok(apply({ live, applied: nginx(3), manager: 'new' }));
    expect(mf(out).map((e) => [e.manager, e.operation])).toEqual([['new', 'Apply'], ['before-first-apply', 'Update']]);
  });

  it('refuses an applied configuration that carries managedFields', () => {
    const bad = nginx();
    (bad.metadata as JsonObject).managedFields = [{ manager: 'x' }];
    expect(apply({ applied: bad })).toEqual({ ok: false, conflicts: [], message: 'metadata.managedFields must be nil', status: 400 });
  });

  it('merges keyed lists in the order upstream produces', () => {
    const list = (names: string[]): JsonObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: names.map((name) => ({ name, image: 'x' })) } } } });
    const live = ok(apply({ applied: list(['a', 'b', 'c']), manager: 'm1' }));
    const out = ok(apply({ live: stored(live), applied: list(['c', 'd', 'a']), manager: 'm2' }));
    expect(((((out.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[]).map((c) => c.name)).toEqual(['b', 'c', 'd', 'a']);
  });
});

describe('recordUpdate', () => {
  it('records a create like kube-apiserver: `.` for maps and items that appeared, not for zero-value structs', () => {
    const fields = recordUpdate(undefined, nginx(), 'kubectl-create', DEPLOY, 'apps/v1', T0);
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: T0 });
    expect(fields[0]?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
        },
      },
    });
  });

  it('marks a custom resource spec that appeared, as kube-apiserver does for unstructured objects', () => {
    const meta = patchMetaFromSchema({ type: 'object', properties: { spec: { type: 'object', properties: { maxReplicaCount: { type: 'integer' }, scaleTargetRef: { type: 'object', properties: { name: { type: 'string' } } } } } } });
    const so = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'so' }, spec: { maxReplicaCount: 10, scaleTargetRef: { name: 'web' } } };
    expect(recordUpdate(undefined, so, 'kubectl-create', meta, 'keda.sh/v1alpha1', T0)[0]?.fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:maxReplicaCount': {}, 'f:scaleTargetRef': { '.': {}, 'f:name': {} } } });
  });

  it('moves changed fields to the writer and keeps time per manager', () => {
    const created = nginx(3);
    const before = stored({ ...created, metadata: { ...(created.metadata as JsonObject), managedFields: recordUpdate(undefined, created, 'kubectl-client-side-apply', DEPLOY, 'apps/v1', T0) } });
    const after = structuredClone(before);
    (after.spec as JsonObject).replicas = 6;
    const fields = recordUpdate(before, after, 'kube-controller-manager', DEPLOY, 'apps/v1', T1, 'scale');
    expect(fields.map((e) => [e.manager, e.time, e.subresource ?? ''])).toEqual([['kubectl-client-side-apply', T0, ''], ['kube-controller-manager', T1, 'scale']]);
    expect(fields[1]?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(fields[0]?.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);
  });

  it('keeps status out of main-resource writes and spec out of status writes', () => {
    const before = stored({ ...nginx(), metadata: { ...(nginx().metadata as JsonObject), managedFields: recordUpdate(undefined, nginx(), 'a', DEPLOY, 'apps/v1', T0) } });
    const after = { ...structuredClone(before), status: { replicas: 3 } };
    expect(recordUpdate(before, after, 'b', DEPLOY, 'apps/v1', T1).map((e) => e.manager)).toEqual(['a']);
    expect(recordUpdate(before, after, 'b', DEPLOY, 'apps/v1', T1, 'status')[1]?.fieldsV1).toEqual({ 'f:status': { '.': {}, 'f:replicas': {} } });
  });

  it('honours managedFields written by the request (csaupgrade) and [{}] (reset)', () => {
    const before = stored({ ...nginx(), metadata: { ...(nginx().metadata as JsonObject), managedFields: recordUpdate(undefined, nginx(), 'kubectl-client-side-apply', DEPLOY, 'apps/v1', T0) } });
    const upgraded = structuredClone(before);
    const entry = ((upgraded.metadata as JsonObject).managedFields as JsonObject[])[0] as JsonObject;
    Object.assign(entry, { manager: 'kubectl', operation: 'Apply' });
    expect(recordUpdate(before, upgraded, 'kubectl', DEPLOY, 'apps/v1', T1)).toEqual([entry]);
    const reset = { ...structuredClone(before), metadata: { ...(before.metadata as JsonObject), managedFields: [{}] } };
    expect(recordUpdate(before, reset, 'x', DEPLOY, 'apps/v1', T1)).toEqual([]);
  });

  it('does not start tracking an existing object that has no managedFields', () => {
    const before = stored(nginx());
    expect(recordUpdate(before, { ...before, spec: { replicas: 1 } }, 'x', DEPLOY, 'apps/v1', T1)).toEqual([]);
  });

  it('caps update managers at 10, merging the oldest into ancient-changes', () => {
    let obj: JsonObject = stored({ ...nginx(0), metadata: { ...(nginx().metadata as JsonObject), managedFields: recordUpdate(undefined, nginx(0), 'm0', DEPLOY, 'apps/v1', T0) } });
    for (let i = 1; i <= 11; i++) {
      const next = structuredClone(obj);
      (next.metadata as JsonObject).labels = { ...((obj.metadata as JsonObject).labels as JsonObject), [`l${i}`]: 'x' };
      (next.metadata as JsonObject).managedFields = recordUpdate(obj, next, `m${i}`, DEPLOY, 'apps/v1', `2025-01-01T00:${String(i).padStart(2, '0')}:00Z`);
      obj = next;
    }
    const names = mf(obj).map((e) => e.manager);
    expect(names).toHaveLength(10);
    expect(names).toContain('ancient-changes');
    expect(names).not.toContain('m0');
  });
});
