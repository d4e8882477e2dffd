import { afterEach, describe, expect, it } from 'vitest';
import { hasKubectl, type Json } from '../../test/helpers';
import { workloadControllers } from '.';
import { deploymentYaml, eventsFor, startControllerCluster, type ControllerCluster } from './testing';

let c: ControllerCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const rsOf = async (ns: string, app: string): Promise<Json[]> => (await c!.get(`/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=app=${app}`)).items;
const podsOf = async (ns: string, selector: string): Promise<Json[]> => (await c!.get(`/api/v1/namespaces/${ns}/pods?labelSelector=${selector}`)).items;
const deploy = (ns: string, name: string): Promise<Json> => c!.get(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`);

describe('Deployment → ReplicaSet → Pods', () => {
  it('creates <deploy>-<hash> with its revision and owner, pods <rs>-<5 chars> that run after the start delay, and status with upstream conditions', async () => {
    c = await startControllerCluster(workloadControllers(), deploymentYaml('web', 'shop', 3));
    const [rs] = await rsOf('shop', 'web');
    expect(rs.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const hash = rs.metadata.labels['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(rs.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true })]);

    let pods = await podsOf('shop', 'app=web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.spec.nodeName).toMatch(/^sim-node-[12]$/);
      expect(p.status.phase).toBe('Pending');
    }
    expect((await c.get('/api/v1/nodes')).items.map((n: Json) => n.metadata.name)).toEqual(['sim-node-1', 'sim-node-2']);

    await c.advance(3000);
    pods = await podsOf('shop', 'app=web');
    for (const p of pods) {
      expect(p.status.phase).toBe('Running');
      expect(p.status.qosClass).toBe('Burstable');
      expect(p.status.startTime).toBe('2026-11-22T00:00:00Z');
      expect(p.status.conditions.map((x: Json) => `${x.type}=${x.status}`)).toEqual(expect.arrayContaining(['PodScheduled=True', 'Initialized=True', 'ContainersReady=True', 'Ready=True']));
      expect(p.status.containerStatuses[0]).toMatchObject({ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-22T00:00:03Z' } }, allocatedResources: { cpu: '500m', memory: '256Mi' }, resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '256Mi' } } });
    }
    const d = await deploy('shop', 'web');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(d.status.conditions).toEqual([
      expect.objectContaining({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }),
      expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` }),
    ]);
    expect((await eventsFor(c, 'shop', 'web')).map((e) => e.message)).toContain(`Scaled up replica set web-${hash} from 0 to 3`);
    expect((await eventsFor(c, 'shop', `web-${hash}`)).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
  });

  it('follows the /scale subresource and replaces deleted pods', async () => {
    c = await startControllerCluster(workloadControllers(), deploymentYaml('web', 'shop', 2));
    await c.advance(3000);
    await c.send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web/scale', { spec: { replicas: 5 } }, 'application/merge-patch+json');
    expect(await podsOf('shop', 'app=web')).toHaveLength(5);
    const [rs] = await rsOf('shop', 'web');
    expect(rs.spec.replicas).toBe(5);
    expect((await eventsFor(c, 'shop', 'web')).map((e) => e.message)).toContain(`Scaled up replica set ${rs.metadata.name} from 2 to 5`);

    const victim = (await podsOf('shop', 'app=web'))[0].metadata.name;
    await c.send('DELETE', `/api/v1/namespaces/shop/pods/${victim}`, undefined);
    const after = await podsOf('shop', 'app=web');
    expect(after).toHaveLength(5);
    expect(after.map((p) => p.metadata.name)).not.toContain(victim);
    await c.advance(3000);
    expect((await deploy('shop', 'web')).status.readyReplicas).toBe(5);
  });

  it('rolls out a template change (kubectl rollout restart) within maxSurge and maxUnavailable', async () => {
    c = await startControllerCluster(workloadControllers(), deploymentYaml('web', 'shop', 4));
    await c.advance(3000);
    const [first] = await rsOf('shop', 'web');
    await c.send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T00:00:05Z' } } } } }, 'application/strategic-merge-patch+json');
    for (let step = 0; step < 12; step++) {
      const pods = await podsOf('shop', 'app=web');
      const ready = pods.filter((p) => p.status.conditions?.some((x: Json) => x.type === 'Ready' && x.status === 'True'));
      expect(pods.length).toBeLessThanOrEqual(4 + 1); // maxSurge 25 % of 4 = 1
      expect(ready.length).toBeGreaterThanOrEqual(4 - 1); // maxUnavailable 25 % of 4 = 1
      await c.advance(1000);
    }
    const rss = await rsOf('shop', 'web');
    expect(rss).toHaveLength(2);
    const second = rss.find((r) => r.metadata.name !== first.metadata.name);
    expect(second.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(second.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-11-22T00:00:05Z');
    expect(second.status.readyReplicas).toBe(4);
    expect(rss.find((r) => r.metadata.name === first.metadata.name).spec.replicas).toBe(0);
    const d = await deploy('shop', 'web');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status.conditions.find((x: Json) => x.type === 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${second.metadata.name}" has successfully progressed.` });
  });

  it('honours Recreate: no new pod before every old one is gone', async () => {
    c = await startControllerCluster(workloadControllers(), deploymentYaml('db', 'shop', 2, '\n  strategy: { type: Recreate }'));
    await c.advance(3000);
    const [old] = await rsOf('shop', 'db');
    await c.send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/db', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, 'application/strategic-merge-patch+json');
    const pods = await podsOf('shop', 'app=db');
    expect(pods.every((p) => p.metadata.labels['pod-template-hash'] !== old.metadata.labels['pod-template-hash'])).toBe(true);
    expect(pods).toHaveLength(2);
    const events = (await eventsFor(c, 'shop', 'db')).map((e) => e.message);
    expect(events.indexOf(`Scaled down replica set ${old.metadata.name} from 2 to 0`)).toBeGreaterThanOrEqual(0);
  });

  it('proportionally scales a rollout in progress', async () => {
    c = await startControllerCluster(workloadControllers(), deploymentYaml('web', 'shop', 10));
    await c.advance(3000);
    await c.send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, 'application/strategic-merge-patch+json');
    await c.send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web/scale', { spec: { replicas: 20 } }, 'application/merge-patch+json');
    const rss = await rsOf('shop', 'web');
    const total = rss.reduce((n, r) => n + r.spec.replicas, 0);
    expect(total).toBe(20 + 5); // replicas + maxSurge (25 % of 20)
    for (const r of rss) expect(r.metadata.annotations['deployment.kubernetes.io/desired-replicas']).toBe('20');
    for (let i = 0; i < 40; i++) await c.advance(1000);
    const d = await deploy('shop', 'web');
    expect(d.status).toMatchObject({ replicas: 20, updatedReplicas: 20, availableReplicas: 20 });
  });
});

describe('StatefulSet', () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  replicas: 3
  serviceName: db
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres:17 }] }
`;

  it('creates db-0, db-1, db-2 in order, each after its predecessor is Ready, and removes the highest first', async () => {
    c = await startControllerCluster(workloadControllers(), sts);
    expect((await podsOf('shop', 'app=db')).map((p) => p.metadata.name)).toEqual(['db-0']);
    await c.advance(3000);
    expect((await podsOf('shop', 'app=db')).map((p) => p.metadata.name)).toEqual(['db-0', 'db-1']);
    await c.advance(3000);
    await c.advance(3000);
    const pods = await podsOf('shop', 'app=db');
    expect(pods.map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(pods[2].metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'db-2', 'apps.kubernetes.io/pod-index': '2' });
    expect(pods[2].spec).toMatchObject({ hostname: 'db-2', subdomain: 'db' });
    let s = await c.get('/apis/apps/v1/namespaces/shop/statefulsets/db');
    expect(s.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(s.status.currentRevision).toBe(s.status.updateRevision);
    expect((await eventsFor(c, 'shop', 'db')).map((e) => e.message)).toContain('create Pod db-1 in StatefulSet db successful');

    await c.send('PATCH', '/apis/apps/v1/namespaces/shop/statefulsets/db/scale', { spec: { replicas: 1 } }, 'application/merge-patch+json');
    // Simulated pods vanish at once (no graceful termination), so the next deletion follows at once too.
    expect((await podsOf('shop', 'app=db')).map((p) => p.metadata.name)).toEqual(['db-0']);
    const deletions = (await eventsFor(c, 'shop', 'db')).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message);
    expect(deletions).toEqual(['delete Pod db-2 in StatefulSet db successful', 'delete Pod db-1 in StatefulSet db successful']);
    s = await c.get('/apis/apps/v1/namespaces/shop/statefulsets/db');
    expect(s.status.replicas).toBe(1);
  });
});

describe.runIf(hasKubectl)('kubectl against the workload controllers', () => {
  it('rollout restart starts a new ReplicaSet; get shows READY and UP-TO-DATE from the controllers', async () => {
    c = await startControllerCluster(workloadControllers(), deploymentYaml('web', 'shop', 2));
    await c.advance(3000);
    let r = await c.kubectl(['get', 'deploy', 'web', '-n', 'shop']);
    expect(r.stdout).toMatch(/web\s+2\/2\s+2\s+2\s/);
    r = await c.kubectl(['rollout', 'restart', 'deployment/web', '-n', 'shop']);
    expect(r.stdout.trim()).toBe('deployment.apps/web restarted');
    await c.sim.settled();
    for (let i = 0; i < 10; i++) await c.advance(1000);
    const rss = await rsOf('shop', 'web');
    expect(rss).toHaveLength(2);
    expect(rss.map((x) => x.spec.replicas).sort()).toEqual([0, 2]);
    r = await c.kubectl(['rollout', 'history', 'deployment/web', '-n', 'shop']);
    expect(r.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  });
});
