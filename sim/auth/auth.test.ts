import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../test/helpers';

let c: TestCluster;
let viewer: string;
let impersonator: string;
beforeAll(async () => {
  c = await startTestCluster();
  viewer = c.sim.tokenOf('viewer');
  impersonator = c.sim.tokenOf('impersonator');
});
afterAll(async () => c.close());

const ssar = (verb: string, resource: string, group: string, namespace?: string) => ({
  apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, resource, group, namespace } },
});
const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

describe('authorization', () => {
  it('answers SelfSubjectAccessReviews per RBAC', async () => {
    const admin = await c.req('POST', SSAR, { body: ssar('patch', 'deployments', 'apps', 'shop') });
    expect(admin.status).toBe(201);
    expect(admin.body.status.allowed).toBe(true);
    const patch = await c.req('POST', SSAR, { body: ssar('patch', 'deployments', 'apps', 'shop'), token: viewer });
    expect(patch.body.status.allowed).toBe(false);
    const list = await c.req('POST', SSAR, { body: ssar('list', 'deployments', 'apps', 'shop'), token: viewer });
    expect(list.body.status.allowed).toBe(true);
  });

  it('refuses a write with the exact kube Forbidden message', async () => {
    const r = await c.req('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { body: { spec: { replicas: 1 } }, contentType: 'application/merge-patch+json', token: viewer });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, details: { name: 'web', group: 'apps', kind: 'deployments' } });
    expect(r.body.message).toBe('deployments.apps "web" is forbidden: User "viewer" cannot patch resource "deployments" in API group "apps" in the namespace "shop"');
    const list = await c.req('GET', '/api/v1/secrets', { token: viewer });
    expect(list.status).toBe(403);
    expect(list.body.message).toBe('secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" at the cluster scope');
  });

  it('answers SelfSubjectRulesReview and SubjectAccessReview', async () => {
    const rules = await c.req('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'shop' } }, token: viewer });
    expect(rules.status).toBe(201);
    const verbsFor = (res: string) => rules.body.status.resourceRules.filter((r: { resources: string[] }) => r.resources.includes(res)).flatMap((r: { verbs: string[] }) => r.verbs);
    expect(verbsFor('deployments')).toEqual(expect.arrayContaining(['get', 'list', 'watch']));
    expect(verbsFor('deployments')).not.toContain('patch');
    const sar = await c.req('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'viewer', groups: ['test:viewers'], resourceAttributes: { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'shop' } } } });
    expect(sar.body.status.allowed).toBe(true);
    const notAllowed = await c.req('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'viewer', groups: ['test:viewers'], resourceAttributes: { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'shop' } } }, token: viewer });
    expect(notAllowed.status).toBe(403);
  });
});

describe('impersonation', () => {
  it('acts as the impersonated user when the caller may impersonate', async () => {
    const r = await c.req('POST', SSAR, { body: ssar('patch', 'deployments', 'apps', 'shop'), token: impersonator, headers: { 'Impersonate-User': 'viewer', 'Impersonate-Group': 'test:viewers' } });
    expect(r.status).toBe(201);
    expect(r.body.status.allowed).toBe(false);
    const read = await c.req('GET', '/apis/apps/v1/namespaces/shop/deployments/web', { token: impersonator, headers: { 'Impersonate-User': 'viewer', 'Impersonate-Group': 'test:viewers' } });
    expect(read.status).toBe(200);
    const admin = await c.req('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { body: { spec: { replicas: 2 } }, contentType: 'application/merge-patch+json', headers: { 'Impersonate-User': 'viewer', 'Impersonate-Group': 'test:viewers' } });
    expect(admin.status).toBe(403);
    expect(admin.body.message).toContain('User "viewer" cannot patch resource "deployments"');
  });

  it('refuses impersonation without the impersonate verb', async () => {
    const r = await c.req('GET', '/api/v1/namespaces', { token: viewer, headers: { 'Impersonate-User': 'kubernetes-admin' } });
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('users "kubernetes-admin" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope');
    const group = await c.req('GET', '/api/v1/namespaces', { token: impersonator, headers: { 'Impersonate-User': 'viewer', 'Impersonate-Group': 'system:masters' } });
    expect(group.status).toBe(403);
    expect(group.body.message).toBe('groups "system:masters" is forbidden: User "impersonator" cannot impersonate resource "groups" in API group "" at the cluster scope');
  });

  it('keeps the control endpoints for the admin', async () => {
    const r = await c.req('POST', '/_sim/expire-continue', { token: viewer });
    expect(r.status).toBe(403);
  });
});
