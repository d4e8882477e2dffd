import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { BOOTSTRAP_RBAC } from './bootstrap-rbac';
import { authorize, effectiveClusterRoleRules, forbiddenMessage, impersonatedUser, rulesReview, type NonResourceAttributes, type RbacState, type ResourceAttributes, type UserInfo } from './rbac';

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const role = (kind: 'Role' | 'ClusterRole', name: string, rules: object[], namespace?: string, labels?: Record<string, string>): KubeObject => ({ apiVersion: RBAC_V1, kind, metadata: { name, namespace, labels }, rules });
const bind = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleKind: string, roleName: string, subjects: object[], namespace?: string): KubeObject => ({
  apiVersion: RBAC_V1,
  kind,
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
  subjects,
});

const of = (kind: string) => BOOTSTRAP_RBAC.filter((o) => o.kind === kind);
const STATE: RbacState = {
  roles: [role('Role', 'pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }], 'shop')],
  clusterRoles: [
    ...of('ClusterRole'),
    role('ClusterRole', 'scale-all', [{ verbs: ['update', 'patch'], apiGroups: ['*'], resources: ['*/scale'] }]),
    role('ClusterRole', 'named', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }, { verbs: ['get'], nonResourceURLs: ['/logs/*', '/metrics'] }]),
    role('ClusterRole', 'keda-view', [{ verbs: ['get', 'list', 'watch'], apiGroups: ['keda.sh'], resources: ['scaledobjects'] }], undefined, { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }),
  ],
  roleBindings: [
    bind('RoleBinding', 'read-pods', 'Role', 'pod-reader', [{ kind: 'User', name: 'jane' }], 'shop'),
    bind('RoleBinding', 'view-shop', 'ClusterRole', 'view', [{ kind: 'Group', name: 'dev' }], 'shop'),
    bind('RoleBinding', 'sa-edit', 'ClusterRole', 'edit', [{ kind: 'ServiceAccount', name: 'ci' }], 'shop'),
    bind('RoleBinding', 'broken', 'Role', 'missing', [{ kind: 'User', name: 'dan' }], 'shop'),
  ],
  clusterRoleBindings: [
    ...of('ClusterRoleBinding'),
    bind('ClusterRoleBinding', 'scaler', 'ClusterRole', 'scale-all', [{ kind: 'User', name: 'bob' }]),
    bind('ClusterRoleBinding', 'named', 'ClusterRole', 'named', [{ kind: 'User', name: 'carol' }]),
  ],
};

const user = (name: string, ...groups: string[]): UserInfo => impersonatedUser(name, groups.length ? groups : undefined);
const res = (verb: string, apiGroup: string, resource: string, namespace?: string, extra: Partial<ResourceAttributes> = {}): ResourceAttributes => ({ verb, apiGroup, resource, namespace, ...extra });
const url = (verb: string, path: string): NonResourceAttributes => ({ verb, path });
const CI = impersonatedUser('system:serviceaccount:shop:ci');

describe('authorize', () => {
  it.each<[string, UserInfo, ResourceAttributes | NonResourceAttributes, boolean, string]>([
    ['system:masters can do anything', user('admin', 'system:masters'), res('delete', '', 'nodes'), true, ''],
    ['Role via RoleBinding', user('jane'), res('get', '', 'pods', 'shop'), true, 'RBAC: allowed by RoleBinding "read-pods/shop" of Role "pod-reader" to User "jane"'],
    ['RoleBinding does not reach other namespaces', user('jane'), res('get', '', 'pods', 'default'), false, ''],
    ['RoleBinding does not reach cluster scope', user('jane'), res('list', '', 'pods'), false, ''],
    ['ClusterRole view via RoleBinding to a group', user('jo', 'dev'), res('list', 'apps', 'deployments', 'shop'), true, 'RBAC: allowed by RoleBinding "view-shop/shop" of ClusterRole "view" to Group "dev"'],
    ['view does not grant secrets', user('jo', 'dev'), res('get', '', 'secrets', 'shop'), false, ''],
    ['view does not grant writes', user('jo', 'dev'), res('patch', 'apps', 'deployments', 'shop'), false, ''],
    ['view reads HPA status', user('jo', 'dev'), res('get', 'autoscaling', 'horizontalpodautoscalers', 'shop', { subresource: 'status' }), true, 'RBAC: allowed by RoleBinding "view-shop/shop" of ClusterRole "view" to Group "dev"'],
    ['a role labelled aggregate-to-view extends view', user('jo', 'dev'), res('list', 'keda.sh', 'scaledobjects', 'shop'), true, 'RBAC: allowed by RoleBinding "view-shop/shop" of ClusterRole "view" to Group "dev"'],
    ['ServiceAccount subject defaults to the binding namespace', CI, res('patch', 'apps', 'deployments', 'shop'), true, 'RBAC: allowed by RoleBinding "sa-edit/shop" of ClusterRole "edit" to ServiceAccount "ci/shop"'],
    ['edit reads secrets', CI, res('get', '', 'secrets', 'shop'), true, 'RBAC: allowed by RoleBinding "sa-edit/shop" of ClusterRole "edit" to ServiceAccount "ci/shop"'],
    ['edit cannot grant roles (admin can)', CI, res('create', 'rbac.authorization.k8s.io', 'rolebindings', 'shop'), false, ''],
    ['same SA name in another namespace is another user', impersonatedUser('system:serviceaccount:other:ci'), res('get', '', 'secrets', 'shop'), false, ''],
    ['*/scale matches any scale subresource', user('bob'), res('update', 'apps', 'deployments', 'shop', { subresource: 'scale' }), true, 'RBAC: allowed by ClusterRoleBinding "scaler" of ClusterRole "scale-all" to User "bob"'],
    ['*/scale matches custom resources too', user('bob'), res('patch', 'keda.sh', 'scaledobjects', 'shop', { subresource: 'scale' }), true, 'RBAC: allowed by ClusterRoleBinding "scaler" of ClusterRole "scale-all" to User "bob"'],
    ['*/scale does not match the resource itself', user('bob'), res('update', 'apps', 'deployments', 'shop'), false, ''],
    ['*/scale does not match another subresource', user('bob'), res('update', 'apps', 'deployments', 'shop', { subresource: 'status' }), false, ''],
    ['resourceNames allow the named object', user('carol'), res('get', '', 'configmaps', 'shop', { name: 'cfg' }), true, 'RBAC: allowed by ClusterRoleBinding "named" of ClusterRole "named" to User "carol"'],
    ['resourceNames refuse other names', user('carol'), res('get', '', 'configmaps', 'shop', { name: 'other' }), false, ''],
    ['resourceNames refuse unnamed requests', user('carol'), res('get', '', 'configmaps', 'shop'), false, ''],
    ['non-resource URL with trailing *', user('carol'), url('get', '/logs/kube-apiserver.log'), true, 'RBAC: allowed by ClusterRoleBinding "named" of ClusterRole "named" to User "carol"'],
    ['trailing * needs the prefix with its slash', user('carol'), url('get', '/logs'), false, ''],
    ['exact non-resource URL', user('carol'), url('get', '/metrics'), true, 'RBAC: allowed by ClusterRoleBinding "named" of ClusterRole "named" to User "carol"'],
    ['discovery for authenticated users', user('jane'), url('get', '/apis/apps/v1'), true, 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"'],
    ['basic-user: self access reviews', user('jane'), res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'), true, 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"'],
    ['anonymous may read /version', user('system:anonymous', 'system:unauthenticated'), url('get', '/version'), true, 'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"'],
    ['anonymous may not discover APIs', user('system:anonymous', 'system:unauthenticated'), url('get', '/api'), false, ''],
    ['a binding to a missing role explains itself', user('dan'), res('get', '', 'pods', 'shop'), false, 'RBAC: role.rbac.authorization.k8s.io "missing" not found'],
  ])('%s', (_name, u, attrs, allowed, reason) => {
    expect(authorize(u, attrs, STATE)).toEqual({ allowed, reason });
  });

  it('tolerates malformed roles and bindings', () => {
    const junk: RbacState = { roles: [{ apiVersion: 'x', kind: 'Role', metadata: {}, rules: 'nope' }], clusterRoles: [], roleBindings: [{ apiVersion: 'x', kind: 'RoleBinding', metadata: { namespace: 'a' }, subjects: [null, 5, { kind: 'User', name: 'u' }], roleRef: { kind: 'Weird' } }], clusterRoleBindings: [] };
    expect(authorize(user('u'), res('get', '', 'pods', 'a'), junk)).toEqual({ allowed: false, reason: 'RBAC: unsupported role reference kind: "Weird"' });
  });
});

describe('aggregated ClusterRoles', () => {
  it('admin ⊇ edit ⊇ view, and view never lists secrets', () => {
    const flat = (name: string) => effectiveClusterRoleRules(name, STATE).flatMap((r) => (r.resources as string[] | undefined) ?? []);
    expect(flat('view')).not.toContain('secrets');
    expect(flat('edit')).toContain('secrets');
    expect(flat('admin')).toContain('rolebindings');
    for (const r of effectiveClusterRoleRules('view', STATE)) expect(effectiveClusterRoleRules('edit', STATE)).toContainEqual(r);
    expect(effectiveClusterRoleRules('cluster-admin', STATE)).toEqual([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }]);
  });

  it('survives aggregation cycles', () => {
    const a = role('ClusterRole', 'a', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], undefined, { agg: 'b' });
    const b = role('ClusterRole', 'b', [], undefined, { agg: 'a' });
    a.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { agg: 'a' } }] };
    b.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { agg: 'b' } }] };
    expect(() => effectiveClusterRoleRules('a', { ...STATE, clusterRoles: [a, b] })).not.toThrow();
  });
});

describe('rulesReview', () => {
  it('lists cluster-wide then namespaced rules, like SelfSubjectRulesReview', () => {
    const r = rulesReview(user('jane'), 'shop', STATE);
    expect(r.incomplete).toBe(false);
    expect(r.resourceRules).toEqual([
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
    ]);
    expect(r.nonResourceRules[0]).toEqual({ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] });
    expect(r).not.toHaveProperty('evaluationError');
  });

  it('reports resolution errors as evaluationError', () => {
    expect(rulesReview(user('dan'), 'shop', STATE).evaluationError).toBe('role.rbac.authorization.k8s.io "missing" not found');
  });
});

describe('messages and users', () => {
  it.each([
    [res('list', 'apps', 'deployments', 'shop'), '', 'deployments.apps is forbidden: User "jo" cannot list resource "deployments" in API group "apps" in the namespace "shop"'],
    [res('get', '', 'secrets', 'shop', { name: 'db' }), '', 'secrets "db" is forbidden: User "jo" cannot get resource "secrets" in API group "" in the namespace "shop"'],
    [res('patch', 'apps', 'deployments', 'shop', { name: 'web', subresource: 'scale' }), 'RBAC: role.rbac.authorization.k8s.io "x" not found', 'deployments.apps "web" is forbidden: User "jo" cannot patch resource "deployments/scale" in API group "apps" in the namespace "shop": RBAC: role.rbac.authorization.k8s.io "x" not found'],
    [res('list', '', 'nodes'), '', 'nodes is forbidden: User "jo" cannot list resource "nodes" in API group "" at the cluster scope'],
    [url('get', '/metrics'), '', 'forbidden: User "jo" cannot get path "/metrics"'],
  ])('forbiddenMessage %#', (attrs, reason, message) => {
    expect(forbiddenMessage(user('jo'), attrs, reason)).toBe(message);
  });

  it('adds the groups kube-apiserver adds', () => {
    expect(impersonatedUser('system:serviceaccount:shop:ci').groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated']);
    expect(impersonatedUser('jane', ['dev']).groups).toEqual(['dev', 'system:authenticated']);
    expect(impersonatedUser('system:anonymous').groups).toEqual([]);
    expect(impersonatedUser('x', ['system:unauthenticated']).groups).toEqual(['system:unauthenticated']);
  });
});
