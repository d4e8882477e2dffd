import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, startTestCluster, type TestCluster } from '../test/helpers';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => c.close());

const D = '/apis/apps/v1/namespaces/shop/deployments';

describe('discovery and public endpoints', () => {
  it('serves /version from the scenario without a token', async () => {
    const r = await c.req('GET', '/version', { token: null });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ major: '1', minor: '33', gitVersion: 'v1.33.4' });
  });

  it('answers health checks anonymously and refuses anything else with 401', async () => {
    expect((await c.req('GET', '/readyz', { token: null })).text).toBe('ok');
    const r = await c.req('GET', '/api/v1/namespaces', { token: null });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
  });

  it('lists groups, versions and resources with subresources', async () => {
    const groups = await c.req('GET', '/apis');
    const autoscaling = groups.body.groups.find((g: { name: string }) => g.name === 'autoscaling');
    expect(autoscaling.preferredVersion.version).toBe('v2');
    expect(autoscaling.versions.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1']);
    expect(groups.body.groups.some((g: { name: string }) => g.name === 'test.scaleguard.dev')).toBe(true);
    const apps = await c.req('GET', '/apis/apps/v1');
    const names = apps.body.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['deployments', 'deployments/status', 'deployments/scale']));
    const scale = apps.body.resources.find((r: { name: string }) => r.name === 'deployments/scale');
    expect(scale).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    const widgets = await c.req('GET', '/apis/test.scaleguard.dev/v1');
    expect(widgets.body.resources[0]).toMatchObject({ name: 'widgets', kind: 'Widget', shortNames: ['wdg'], categories: ['all'] });
  });
});

describe('create, read, update', () => {
  it('creates with defaults, uid, resourceVersion, generation and creationTimestamp', async () => {
    const r = await c.req('POST', D, { body: deployment('defaults') });
    expect(r.status).toBe(201);
    const m = r.body.metadata;
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    expect(m.generation).toBe(1);
    expect(m.creationTimestamp).toMatch(/Z$/);
    expect(r.body.spec).toMatchObject({ revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
    expect(r.body.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
    expect(r.body.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(r.body.metadata.managedFields[0]).toMatchObject({ operation: 'Update', apiVersion: 'apps/v1' });
  });

  it('returns kube-apiserver Status errors for 404, 409 AlreadyExists and a stale resourceVersion', async () => {
    const nf = await c.req('GET', `${D}/nope`);
    expect(nf.status).toBe(404);
    expect(nf.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'deployments.apps "nope" not found', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404 });
    const core = await c.req('GET', '/api/v1/namespaces/shop/configmaps/nope');
    expect(core.body.message).toBe('configmaps "nope" not found');
    await c.req('POST', D, { body: deployment('dup') });
    const dup = await c.req('POST', D, { body: deployment('dup') });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ reason: 'AlreadyExists', message: 'deployments.apps "dup" already exists' });
    const live = (await c.req('GET', `${D}/dup`)).body;
    const ok = await c.req('PUT', `${D}/dup`, { body: { ...live, spec: { ...live.spec, replicas: 2 } } });
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.generation).toBe(2);
    const stale = await c.req('PUT', `${D}/dup`, { body: { ...live, spec: { ...live.spec, replicas: 3 } } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on deployments.apps "dup": the object has been modified; please apply your changes to the latest version and try again' });
  });

  it('needs an existing namespace and generates names', async () => {
    const r = await c.req('POST', '/apis/apps/v1/namespaces/ghost/deployments', { body: deployment('x', 'ghost') });
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('namespaces "ghost" not found');
    const g = await c.req('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' }, data: { a: 'b' } } });
    expect(g.status).toBe(201);
    expect(g.body.metadata.name).toMatch(/^cfg-[a-z0-9]{5}$/);
  });

  it('refuses invalid built-ins with 422 and kube messages', async () => {
    const bad = deployment('mismatch');
    (bad.spec as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
    const r = await c.req('POST', D, { body: bad });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Deployment.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"mismatch"}: `selector` does not match template `labels`');
    expect(r.body.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels' });
    const name = await c.req('POST', D, { body: deployment('Bad_Name') });
    expect(name.status).toBe(422);
    expect(name.body.message).toContain('metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
    const hpa = await c.req('POST', '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers', { body: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 5, maxReplicas: 2 } } });
    expect(hpa.status).toBe(422);
    expect(hpa.body.message).toBe('HorizontalPodAutoscaler.autoscaling "h" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
  });

  it('keeps spec.selector immutable', async () => {
    await c.req('POST', D, { body: deployment('immutable') });
    const r = await c.req('PATCH', `${D}/immutable`, { body: { spec: { selector: { matchLabels: { app: 'immutable', x: 'y' } }, template: { metadata: { labels: { app: 'immutable', x: 'y' } } } } }, contentType: 'application/merge-patch+json' });
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('spec.selector: Invalid value: &v1.LabelSelector{MatchLabels:map[string]string{"app":"immutable", "x":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });

  it('applies fieldValidation: Strict refuses unknown fields, Warn sends a Warning header, Ignore drops them', async () => {
    const body = deployment('unknown-fields');
    (body.spec as Record<string, unknown>).foo = 1;
    const strict = await c.req('POST', `${D}?fieldValidation=Strict`, { body });
    expect(strict.status).toBe(400);
    expect(strict.body).toMatchObject({ reason: 'BadRequest', message: 'strict decoding error: unknown field "spec.foo"' });
    const warn = await c.req('POST', `${D}?fieldValidation=Warn`, { body });
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""');
    expect(warn.body.spec.foo).toBeUndefined();
  });

  it('ignores status on the main resource and spec on /status', async () => {
    const created = (await c.req('POST', D, { body: { ...deployment('status'), status: { replicas: 9 } } })).body;
    expect(created.status).toBeUndefined();
    const st = await c.req('PUT', `${D}/status/status`, { body: { ...created, spec: { ...created.spec, replicas: 7 }, status: { replicas: 4, readyReplicas: 4 } } });
    expect(st.status).toBe(200);
    expect(st.body.status).toMatchObject({ replicas: 4, readyReplicas: 4 });
    expect(st.body.spec.replicas).toBe(1);
    expect(st.body.metadata.generation).toBe(1);
    const main = await c.req('PATCH', `${D}/status`, { body: { status: { replicas: 0 } }, contentType: 'application/merge-patch+json' });
    expect(main.body.status.replicas).toBe(4);
  });

  it('serves /scale for Deployments and custom resources', async () => {
    const s = await c.req('GET', `${D}/web/scale`);
    expect(s.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' } });
    const put = await c.req('PUT', `${D}/web/scale`, { body: { ...s.body, spec: { replicas: 4 } } });
    expect(put.body.spec.replicas).toBe(4);
    expect((await c.req('GET', `${D}/web`)).body.spec.replicas).toBe(4);
    const w = '/apis/test.scaleguard.dev/v1/namespaces/shop/widgets/gizmo/scale';
    const p = await c.req('PATCH', w, { body: { spec: { replicas: 5 } }, contentType: 'application/merge-patch+json' });
    expect(p.status).toBe(200);
    expect(p.body.spec.replicas).toBe(5);
    const cr = await c.req('GET', '/apis/test.scaleguard.dev/v1/namespaces/shop/widgets/gizmo');
    expect(cr.body.spec.replicas).toBe(5);
  });

  it('persists nothing on dryRun=All and still validates', async () => {
    const rv = (await c.req('GET', D)).body.metadata.resourceVersion;
    const r = await c.req('POST', `${D}?dryRun=All`, { body: deployment('dry') });
    expect(r.status).toBe(201);
    expect(r.body.metadata.uid).toBeDefined();
    expect((await c.req('GET', `${D}/dry`)).status).toBe(404);
    const del = await c.req('DELETE', `${D}/web?dryRun=All`);
    expect(del.status).toBe(200);
    expect((await c.req('GET', `${D}/web`)).status).toBe(200);
    const bad = await c.req('POST', `${D}?dryRun=All`, { body: deployment('BAD') });
    expect(bad.status).toBe(422);
    expect((await c.req('GET', D)).body.metadata.resourceVersion).toBe(rv);
  });
});

describe('patch', () => {
  const W = '/apis/test.scaleguard.dev/v1/namespaces/shop/widgets';
  it('applies merge, JSON and strategic merge patches', async () => {
    await c.req('POST', D, { body: deployment('patchy') });
    const m = await c.req('PATCH', `${D}/patchy`, { body: { metadata: { labels: { a: 'b' } } }, contentType: 'application/merge-patch+json' });
    expect(m.body.metadata.labels).toEqual({ a: 'b' });
    const j = await c.req('PATCH', `${D}/patchy`, { body: [{ op: 'replace', path: '/spec/replicas', value: 3 }], contentType: 'application/json-patch+json' });
    expect(j.body.spec.replicas).toBe(3);
    const s = await c.req('PATCH', `${D}/patchy`, { body: { spec: { template: { spec: { containers: [{ name: 'side', image: 'busybox' }] } } } }, contentType: 'application/strategic-merge-patch+json' });
    expect(s.body.spec.template.spec.containers.map((x: { name: string }) => x.name)).toEqual(['side', 'app']);
  });

  it('refuses strategic merge on custom resources with 415 and schema violations with 422', async () => {
    const s = await c.req('PATCH', `${W}/gizmo`, { body: { spec: { size: 'large' } }, contentType: 'application/strategic-merge-patch+json' });
    expect(s.status).toBe(415);
    expect(s.body.reason).toBe('UnsupportedMediaType');
    const bad = await c.req('POST', W, { body: { apiVersion: 'test.scaleguard.dev/v1', kind: 'Widget', metadata: { name: 'bad' }, spec: { replicas: 'three' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('Widget.test.scaleguard.dev "bad" is invalid: ');
    expect(bad.body.message).toContain('spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
  });

  it('server-side applies with a field manager', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v\n';
    const r = await c.req('PATCH', '/api/v1/namespaces/shop/configmaps/applied?fieldManager=tester', { body: yaml, contentType: 'application/apply-patch+yaml' });
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({ k: 'v' });
    expect(r.body.metadata.managedFields.some((f: { manager: string; operation: string }) => f.manager === 'tester' && f.operation === 'Apply')).toBe(true);
    const noManager = await c.req('PATCH', '/api/v1/namespaces/shop/configmaps/applied', { body: yaml, contentType: 'application/apply-patch+yaml' });
    expect(noManager.status).toBe(422);
  });

  it('refuses an apply that changes another manager\'s field with 409, unless forced', async () => {
    await c.req('PATCH', '/api/v1/namespaces/shop/configmaps/applied?fieldManager=other', { body: { data: { k: 'changed' } }, contentType: 'application/merge-patch+json' });
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: mine\n';
    const r = await c.req('PATCH', '/api/v1/namespaces/shop/configmaps/applied?fieldManager=tester', { body: yaml, contentType: 'application/apply-patch+yaml' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "other" using v1: .data.k' });
    expect(r.body.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "other" using v1', field: '.data.k' }]);
    const forced = await c.req('PATCH', '/api/v1/namespaces/shop/configmaps/applied?fieldManager=tester&force=true', { body: yaml, contentType: 'application/apply-patch+yaml' });
    expect(forced.status).toBe(200);
    expect(forced.body.data.k).toBe('mine');
  });
});

describe('list', () => {
  it('filters by label and field selectors and rejects unknown field labels', async () => {
    const byLabel = await c.req('GET', `${D}?labelSelector=app%3Dweb`);
    expect(byLabel.body.items.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual(['web']);
    const byField = await c.req('GET', `/apis/apps/v1/deployments?fieldSelector=metadata.name%3Dweb,metadata.namespace%3Dshop`);
    expect(byField.body.items).toHaveLength(1);
    const bad = await c.req('GET', `${D}?fieldSelector=spec.foo%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('field label not supported: spec.foo');
    const badLabel = await c.req('GET', `${D}?labelSelector=a%20in%20(`);
    expect(badLabel.status).toBe(400);
  });

  it('chunks with limit/continue over a consistent snapshot and expires old tokens with 410', async () => {
    for (let i = 0; i < 5; i++) await c.req('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `chunk-${i}` } } });
    const first = await c.req('GET', '/api/v1/namespaces/shop/configmaps?limit=2&labelSelector=');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.continue).toBeTruthy();
    await c.req('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aaa-late' } } });
    const names: string[] = first.body.items.map((x: { metadata: { name: string } }) => x.metadata.name);
    let token = first.body.metadata.continue;
    while (token) {
      const page = await c.req('GET', `/api/v1/namespaces/shop/configmaps?limit=2&continue=${encodeURIComponent(token)}`);
      expect(page.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
      names.push(...page.body.items.map((x: { metadata: { name: string } }) => x.metadata.name));
      token = page.body.metadata.continue;
    }
    expect(names).toEqual([...names].sort());
    expect(names).not.toContain('aaa-late');
    const again = await c.req('GET', '/api/v1/namespaces/shop/configmaps?limit=1');
    await c.req('POST', '/_sim/expire-continue');
    const expired = await c.req('GET', `/api/v1/namespaces/shop/configmaps?limit=1&continue=${encodeURIComponent(again.body.metadata.continue)}`);
    expect(expired.status).toBe(410);
    expect(expired.body.reason).toBe('Expired');
    expect(expired.body.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./);
    const rest = await c.req('GET', `/api/v1/namespaces/shop/configmaps?limit=100&continue=${encodeURIComponent(expired.body.metadata.continue)}`);
    expect(rest.status).toBe(200);
    expect(rest.body.items.length).toBeGreaterThan(0);
  });

  it('lists in etcd order: namespace, then name', async () => {
    const all = await c.req('GET', '/api/v1/namespaces');
    const n: string[] = all.body.items.map((x: { metadata: { name: string } }) => x.metadata.name);
    expect(n).toEqual([...n].sort());
  });
});

describe('Table output', () => {
  const TABLE = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
  it('prints Deployments, HPAs and custom resources like kube-apiserver', async () => {
    const d = await c.req('GET', `${D}?labelSelector=app%3Dweb`, { headers: TABLE });
    expect(d.body.kind).toBe('Table');
    expect(d.body.columnDefinitions.filter((x: { priority: number }) => x.priority === 0).map((x: { name: string }) => x.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    expect(d.body.rows[0].cells.slice(0, 4)).toEqual(['web', '2/4', 2, 2]);
    expect(d.body.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'web', namespace: 'shop' } });
    const h = await c.req('GET', '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web', { headers: TABLE });
    expect(h.body.columnDefinitions.map((x: { name: string }) => x.name)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
    expect(h.body.rows[0].cells.slice(0, 6)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/70%', 2, 10, 0]);
    await c.req('PUT', '/apis/test.scaleguard.dev/v1/namespaces/shop/widgets/gizmo/status', { body: { apiVersion: 'test.scaleguard.dev/v1', kind: 'Widget', metadata: { name: 'gizmo' }, status: { replicas: 1, conditions: [{ type: 'Ready', status: 'True' }] } } });
    const w = await c.req('GET', '/apis/test.scaleguard.dev/v1/namespaces/shop/widgets?includeObject=None', { headers: TABLE });
    expect(w.body.columnDefinitions.map((x: { name: string }) => x.name)).toEqual(['Name', 'Replicas', 'Ready', 'Age']);
    expect(w.body.rows[0].cells.slice(0, 3)).toEqual(['gizmo', 5, 'True']);
    expect(w.body.rows[0].object).toBeUndefined();
    const ns = await c.req('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', { headers: TABLE });
    expect(ns.body.columnDefinitions.map((x: { name: string }) => x.name)).toEqual(['Name', 'Created At']);
  });
});

describe('HPA autoscaling/v1 and v2 on one store', () => {
  it('converts targetCPUUtilizationPercentage to a cpu Resource metric and back', async () => {
    const v1 = await c.req('POST', '/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers', { body: { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'v1hpa' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 4, targetCPUUtilizationPercentage: 55 } } });
    expect(v1.status).toBe(201);
    expect(v1.body.spec).toMatchObject({ minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 55 });
    const v2 = await c.req('GET', '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/v1hpa');
    expect(v2.body.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 55 } } }]);
    const web = await c.req('GET', '/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers/web');
    expect(web.body.spec.targetCPUUtilizationPercentage).toBe(70);
  });
});

describe('delete', () => {
  it('checks preconditions and answers with a Success Status', async () => {
    const d = (await c.req('POST', D, { body: deployment('gone') })).body;
    const wrong = await c.req('DELETE', `${D}/gone`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'nope' } } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toBe(`Operation cannot be fulfilled on deployments.apps "gone": Precondition failed: UID in precondition: nope, UID in object meta: ${d.metadata.uid}`);
    const ok = await c.req('DELETE', `${D}/gone`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion } } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'gone', group: 'apps', kind: 'deployments', uid: d.metadata.uid } });
  });

  it('refuses unknown methods with 405', async () => {
    const r = await c.req('POST', `${D}/web`, { body: {} });
    expect(r.status).toBe(405);
    expect(r.body.reason).toBe('MethodNotAllowed');
  });
});

describe('events in core/v1 and events.k8s.io/v1 on one store', () => {
  it('serves one Event under both names and filters by involvedObject fields', async () => {
    const created = await c.req('POST', '/api/v1/namespaces/shop/events', { body: { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1' }, involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, reason: 'ScalingReplicaSet', message: 'Scaled up', type: 'Normal', source: { component: 'deployment-controller' }, count: 2 } });
    expect(created.status).toBe(201);
    const v1 = await c.req('GET', '/apis/events.k8s.io/v1/namespaces/shop/events/web.1');
    expect(v1.body).toMatchObject({ apiVersion: 'events.k8s.io/v1', regarding: { kind: 'Deployment', name: 'web' }, note: 'Scaled up', deprecatedSource: { component: 'deployment-controller' }, deprecatedCount: 2 });
    const byField = await c.req('GET', '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.kind%3DDeployment,involvedObject.name%3Dweb,reason%3DScalingReplicaSet');
    expect(byField.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['web.1']);
    const none = await c.req('GET', '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.name%3Dother');
    expect(none.body.items).toEqual([]);
  });
});

describe('deletecollection and protected namespaces', () => {
  it('deletes every object a selector matches', async () => {
    for (const n of ['dc-1', 'dc-2', 'dc-keep']) await c.req('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, labels: { batch: n === 'dc-keep' ? 'no' : 'yes' } } } });
    const r = await c.req('DELETE', '/api/v1/namespaces/shop/configmaps?labelSelector=batch%3Dyes');
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['dc-1', 'dc-2']);
    const left = await c.req('GET', '/api/v1/namespaces/shop/configmaps?labelSelector=batch');
    expect(left.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['dc-keep']);
  });

  it('never deletes the default namespace', async () => {
    const r = await c.req('DELETE', '/api/v1/namespaces/default');
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
  });
});
