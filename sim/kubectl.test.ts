/**
 * The real kubectl against the simulator (runs where kubectl is installed): the commands the
 * design promises work, checked by their output and by reading the result back over the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, hasKubectl, startTestCluster, writeTemp, type TestCluster } from './test/helpers';

const manifest = (color: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: nginx:1.27
          env: [{ name: COLOR, value: ${color} }]
`;

describe.runIf(hasKubectl)('kubectl against the simulator', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster();
  });
  afterAll(async () => c.close());

  const env = async (name: string) => (await c.req('GET', `/apis/apps/v1/namespaces/shop/deployments/${name}`)).body.spec.template.spec.containers[0].env;

  it('gets built-in and custom resources across namespaces with server-side columns', async () => {
    const r = await c.kubectl(['get', 'deploy,hpa,widgets', '-A']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(r.stdout).toMatch(/shop\s+deployment\.apps\/web\s+2\/2\s+2\s+2\s+/);
    expect(r.stdout).toMatch(/NAMESPACE\s+NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
    expect(r.stdout).toMatch(/horizontalpodautoscaler\.autoscaling\/web\s+Deployment\/web\s+cpu: <unknown>\/70%\s+2\s+10\s+0/);
    expect(r.stdout).toMatch(/NAMESPACE\s+NAME\s+REPLICAS\s+READY\s+AGE/);
    expect(r.stdout).toMatch(/widget\.test\.scaleguard\.dev\/gizmo\s+3\s/);
  });

  it('applies client-side, re-applies a changed env, then applies server-side', async () => {
    const file = writeTemp(c.dir, 'api.yaml', manifest('blue'));
    expect((await c.kubectl(['apply', '-f', file])).stdout.trim()).toBe('deployment.apps/api created');
    writeTemp(c.dir, 'api.yaml', manifest('green'));
    const again = await c.kubectl(['apply', '-f', file]);
    expect(again.stdout.trim()).toBe('deployment.apps/api configured');
    expect(await env('api')).toEqual([{ name: 'COLOR', value: 'green' }]);
    writeTemp(c.dir, 'api.yaml', manifest('red'));
    const ssa = await c.kubectl(['apply', '--server-side', '--force-conflicts', '-f', file]);
    expect(ssa.stdout.trim()).toBe('deployment.apps/api serverside-applied');
    expect(await env('api')).toEqual([{ name: 'COLOR', value: 'red' }]);
    const live = (await c.req('GET', '/apis/apps/v1/namespaces/shop/deployments/api')).body;
    expect(live.metadata.managedFields.some((f: { manager: string; operation: string }) => f.manager === 'kubectl' && f.operation === 'Apply')).toBe(true);
  });

  it('changes nothing with --dry-run=server', async () => {
    const before = (await c.req('GET', '/apis/apps/v1/namespaces/shop/deployments/web')).body;
    const file = writeTemp(c.dir, 'web.yaml', manifest('dry').replace(/name: api/g, 'name: web').replace(/app: api/g, 'app: web'));
    const r = await c.kubectl(['apply', '--dry-run=server', '-f', file]);
    expect(r.stdout.trim()).toBe('deployment.apps/web configured (server dry run)');
    const after = (await c.req('GET', '/apis/apps/v1/namespaces/shop/deployments/web')).body;
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('patches with --type merge, json and strategic', async () => {
    expect((await c.kubectl(['patch', 'deploy', 'web', '-n', 'shop', '--type', 'merge', '-p', '{"spec":{"replicas":3}}'])).stdout.trim()).toBe('deployment.apps/web patched');
    await c.kubectl(['patch', 'deploy', 'web', '-n', 'shop', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/labels/tier","value":"front"}]']);
    await c.kubectl(['patch', 'deploy', 'web', '-n', 'shop', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"EXTRA","value":"1"}]}]}}}}']);
    const d = (await c.req('GET', '/apis/apps/v1/namespaces/shop/deployments/web')).body;
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.labels.tier).toBe('front');
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'EXTRA', value: '1' }, { name: 'MODE', value: 'blue' }]);
  });

  it('refuses a custom resource that violates its schema with 422', async () => {
    const file = writeTemp(c.dir, 'bad-widget.yaml', 'apiVersion: test.scaleguard.dev/v1\nkind: Widget\nmetadata: { name: bad, namespace: shop }\nspec: { replicas: many }\n');
    const r = await c.kubectl(['apply', '-f', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Widget "bad" is invalid');
    expect(r.stderr).toContain('spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
  });

  it('streams a change with get -w', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('kubectl', ['get', 'deploy', 'web', '-n', 'shop', '-w'], { env: { ...process.env, KUBECONFIG: c.kubeconfig, KUBECACHEDIR: `${c.dir}/cache`, HOME: c.dir } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await eventually(() => out.includes('web'));
    await c.req('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { body: { spec: { replicas: 7 } }, contentType: 'application/merge-patch+json' });
    await eventually(() => /web\s+\d+\/7\s/.test(out));
    child.kill();
    expect(out.match(/NAME\s+READY/g)).toHaveLength(1);
  });

  it('answers auth can-i per RBAC', async () => {
    expect((await c.kubectl(['auth', 'can-i', 'patch', 'deployments', '-n', 'shop'])).stdout.trim()).toBe('yes');
    const viewer = await c.kubectl(['--context', 'scaleguard-sim-viewer', 'auth', 'can-i', 'patch', 'deployments', '-n', 'shop']);
    expect(viewer.stdout.trim()).toBe('no');
    expect((await c.kubectl(['--context', 'scaleguard-sim-viewer', 'auth', 'can-i', 'list', 'deployments', '-n', 'shop'])).stdout.trim()).toBe('yes');
    const list = await c.kubectl(['--context', 'scaleguard-sim-viewer', 'auth', 'can-i', '--list', '-n', 'shop']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/selfsubjectaccessreviews\.authorization\.k8s\.io/);
    const denied = await c.kubectl(['--context', 'scaleguard-sim-viewer', 'scale', 'deploy', 'web', '-n', 'shop', '--replicas=1']);
    expect(denied.stderr).toContain('deployments.apps "web" is forbidden: User "viewer" cannot patch resource "deployments/scale" in API group "apps" in the namespace "shop"');
  });

  it('creates namespaces, config maps and secrets (protobuf bodies of kubectl create)', async () => {
    expect((await c.kubectl(['create', 'namespace', 'made'])).stdout.trim()).toBe('namespace/made created');
    expect((await c.kubectl(['create', 'configmap', 'cfg', '-n', 'made', '--from-literal=a=b'])).stdout.trim()).toBe('configmap/cfg created');
    expect((await c.kubectl(['create', 'secret', 'generic', 'sec', '-n', 'made', '--from-literal=k=v'])).stdout.trim()).toBe('secret/sec created');
    expect((await c.req('GET', '/api/v1/namespaces/made/configmaps/cfg')).body.data).toEqual({ a: 'b' });
    expect((await c.req('GET', '/api/v1/namespaces/made/secrets/sec')).body).toMatchObject({ type: 'Opaque', data: { k: Buffer.from('v').toString('base64') } });
  });

  it('describes a Deployment', async () => {
    const r = await c.kubectl(['describe', 'deploy', 'web', '-n', 'shop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Name:\s+web/);
    expect(r.stdout).toMatch(/Namespace:\s+shop/);
    expect(r.stdout).toMatch(/Selector:\s+app=web/);
    expect(r.stdout).toMatch(/RollingUpdateStrategy:\s+25% max unavailable, 25% max surge/);
  });

  it('deletes with cascade: orphaned ReplicaSets survive, background ones go', async () => {
    const mkPair = async (name: string) => {
      await c.req('POST', '/apis/apps/v1/namespaces/shop/deployments', { body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } } });
      const uid = (await c.req('GET', `/apis/apps/v1/namespaces/shop/deployments/${name}`)).body.metadata.uid;
      await c.req('POST', '/apis/apps/v1/namespaces/shop/replicasets', { body: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${name}-1`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid, controller: true, blockOwnerDeletion: true }] }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } } });
    };
    await mkPair('kept');
    expect((await c.kubectl(['delete', 'deploy', 'kept', '-n', 'shop', '--cascade=orphan'])).stdout.trim()).toBe('deployment.apps "kept" deleted');
    expect((await c.req('GET', '/apis/apps/v1/namespaces/shop/replicasets/kept-1')).status).toBe(200);
    await mkPair('cascaded');
    expect((await c.kubectl(['delete', 'deploy', 'cascaded', '-n', 'shop'])).stdout.trim()).toBe('deployment.apps "cascaded" deleted');
    await c.sim.settled();
    await eventually(async () => (await c.req('GET', '/apis/apps/v1/namespaces/shop/replicasets/cascaded-1')).status === 404);
  });
});
