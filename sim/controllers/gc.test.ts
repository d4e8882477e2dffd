import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, eventually, startTestCluster, type TestCluster } from '../test/helpers';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => c.close());

const D = '/apis/apps/v1/namespaces/shop/deployments';
const RS = '/apis/apps/v1/namespaces/shop/replicasets';

/** A Deployment with one ReplicaSet it controls (blocking owner deletion, as the real controller sets it). */
async function ownedPair(name: string) {
  const d = (await c.req('POST', D, { body: deployment(name) })).body;
  const rs = await c.req('POST', RS, {
    body: {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: `${name}-rs`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }] },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    },
  });
  expect(rs.status).toBe(201);
  return d;
}

describe('garbage collection', () => {
  it('background: dependents of a deleted owner are deleted', async () => {
    await ownedPair('bg');
    expect((await c.req('DELETE', `${D}/bg`, { body: { propagationPolicy: 'Background' } })).status).toBe(200);
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', `${RS}/bg-rs`)).status === 404);
  });

  it('orphan: dependents survive without the owner reference', async () => {
    await ownedPair('orph');
    const r = await c.req('DELETE', `${D}/orph`, { body: { propagationPolicy: 'Orphan' } });
    expect(r.status).toBe(202);
    expect(r.body.metadata.finalizers).toEqual(['orphan']);
    expect(r.body.metadata.deletionTimestamp).toBeTruthy();
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', `${D}/orph`)).status === 404);
    const rs = await c.req('GET', `${RS}/orph-rs`);
    expect(rs.status).toBe(200);
    expect(rs.body.metadata.ownerReferences).toBeUndefined();
  });

  it('orphanDependents=true is the older spelling of Orphan', async () => {
    await ownedPair('orph2');
    await c.req('DELETE', `${D}/orph2?orphanDependents=true`);
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', `${D}/orph2`)).status === 404);
    expect((await c.req('GET', `${RS}/orph2-rs`)).status).toBe(200);
  });

  it('foreground: the owner waits with foregroundDeletion until blocking dependents are gone', async () => {
    await ownedPair('fg');
    const r = await c.req('DELETE', `${D}/fg`, { body: { propagationPolicy: 'Foreground' } });
    expect(r.status).toBe(202);
    expect(r.body.metadata.finalizers).toEqual(['foregroundDeletion']);
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', `${D}/fg`)).status === 404);
    expect((await c.req('GET', `${RS}/fg-rs`)).status).toBe(404);
  });

  it('deletes dependents whose owner never existed', async () => {
    const r = await c.req('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dangling', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' }] } } });
    expect(r.status).toBe(201);
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', '/api/v1/namespaces/shop/configmaps/dangling')).status === 404);
  });
});

describe('finalizers', () => {
  it('keeps an object with deletionTimestamp until its last finalizer is removed', async () => {
    const CM = '/api/v1/namespaces/shop/configmaps';
    await c.req('POST', CM, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold', 'example.com/two'] } } });
    const del = await c.req('DELETE', `${CM}/held`);
    expect(del.status).toBe(202);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    const add = await c.req('PATCH', `${CM}/held`, { body: { metadata: { finalizers: ['example.com/hold', 'example.com/two', 'example.com/new'] } }, contentType: 'application/merge-patch+json' });
    expect(add.status).toBe(422);
    expect(add.body.message).toContain('no new finalizers can be added if the object is being deleted');
    await c.req('PATCH', `${CM}/held`, { body: { metadata: { finalizers: ['example.com/two'] } }, contentType: 'application/merge-patch+json' });
    expect((await c.req('GET', `${CM}/held`)).status).toBe(200);
    const last = await c.req('PATCH', `${CM}/held`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    expect(last.status).toBe(200);
    expect((await c.req('GET', `${CM}/held`)).status).toBe(404);
  });
});

describe('namespace deletion', () => {
  it('goes Terminating, refuses new content, deletes the content, then the namespace', async () => {
    await c.req('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } } });
    await c.req('POST', '/apis/apps/v1/namespaces/doomed/deployments', { body: deployment('a', 'doomed') });
    await c.req('POST', '/api/v1/namespaces/doomed/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    const del = await c.req('DELETE', '/api/v1/namespaces/doomed');
    expect(del.status).toBe(202);
    expect(del.body.status.phase).toBe('Terminating');
    const refused = await c.req('POST', '/api/v1/namespaces/doomed/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', '/apis/apps/v1/namespaces/doomed/deployments/a')).status === 404);
    expect((await c.req('GET', '/api/v1/namespaces/doomed')).body.status.phase).toBe('Terminating');
    await c.req('PATCH', '/api/v1/namespaces/doomed/configmaps/held', { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', '/api/v1/namespaces/doomed')).status === 404);
  });
});

describe('CRD lifecycle', () => {
  const crd = (plural: string) => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.lifecycle.test` },
    spec: { group: 'lifecycle.test', scope: 'Namespaced', names: { plural, kind: 'Gadget', singular: 'gadget', shortNames: ['gd'] }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
  });

  it('establishes a CRD, serves its resources, and deletes them with it', async () => {
    const created = await c.req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd('gadgets') });
    expect(created.status).toBe(201);
    const cr = await c.req('POST', '/apis/lifecycle.test/v1/namespaces/shop/gadgets', { body: { apiVersion: 'lifecycle.test/v1', kind: 'Gadget', metadata: { name: 'g1' } } });
    expect(cr.status).toBe(201);
    const est = await eventually(async () => {
      const r = await c.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.lifecycle.test');
      return r.body.status?.conditions?.length ? r.body : undefined;
    });
    expect(est.status.conditions.map((x: { type: string; status: string }) => `${x.type}=${x.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    expect(est.status.acceptedNames).toMatchObject({ plural: 'gadgets', kind: 'Gadget', shortNames: ['gd'] });
    expect(est.status.storedVersions).toEqual(['v1']);
    expect(est.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    expect((await c.req('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.lifecycle.test')).status).toBe(202);
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.lifecycle.test')).status === 404);
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', '/apis/lifecycle.test/v1')).status === 404);
    const recreated = await c.req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd('gadgets') });
    expect(recreated.status).toBe(201);
    expect((await c.req('GET', '/apis/lifecycle.test/v1/namespaces/shop/gadgets')).body.items).toEqual([]);
  });

  it('refuses a CRD whose name is not plural.group', async () => {
    const bad = crd('things');
    bad.metadata.name = 'wrong.lifecycle.test';
    const r = await c.req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: bad });
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('metadata.name: Invalid value: "wrong.lifecycle.test": must be spec.names.plural+"."+spec.group');
  });
});
