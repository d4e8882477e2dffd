import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../test/helpers';
import { hpaController } from '../hpa';
import { workloadControllers } from '../workloads';
import { deploymentYaml, eventsFor, startControllerCluster, type ControllerCluster } from '../workloads/testing';
import { cronHpaController } from '.';

let c: ControllerCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const docs = (...d: string[]) => d.join('---\n');
const scenario = (settings = '{}') => `apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Scenario\nspec: { install: [cronhpa], controllers: { cronhpa: ${settings} } }\n`;

function cronYaml(name: string, target: string, jobs: string, extra = ''): string {
  return `apiVersion: autoscaling.alibabacloud.com/v1beta1
kind: CronHorizontalPodAutoscaler
metadata: { name: ${name}, namespace: shop }
spec:
  scaleTargetRef: ${target}${extra}
  jobs: ${jobs}
`;
}
const toDeployment = (name: string) => `{ apiVersion: apps/v1, kind: Deployment, name: ${name} }`;
const toHpa = (name: string) => `{ apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: ${name} }`;

/** An HPA whose status says it currently runs `current` replicas (as if its controller had synced). */
function hpaYaml(name: string, target: string, min: number, max: number, current?: number): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${name}, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }
  minReplicas: ${min}
  maxReplicas: ${max}
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]
${current === undefined ? '' : `status: { currentReplicas: ${current}, desiredReplicas: ${current} }\n`}`;
}

const get = (path: string): Promise<Json> => c!.get(path);
const cronhpa = (name: string) => get(`/apis/autoscaling.alibabacloud.com/v1beta1/namespaces/shop/cronhorizontalpodautoscalers/${name}`);
const job = async (cron: string, jobName: string): Promise<Json> => (await cronhpa(cron)).status.conditions.find((x: Json) => x.name === jobName);
const replicas = async (name: string): Promise<number> => (await get(`/apis/apps/v1/namespaces/shop/deployments/${name}`)).spec.replicas;
const hpaBounds = async (name: string): Promise<[number, number]> => {
  const h = await get(`/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/${name}`);
  return [h.spec.minReplicas, h.spec.maxReplicas];
};

describe('CronHPA on an HPA: seed 004', () => {
  // hpa(min/max), cronhpa targetSize, deployment replicas (= the HPA's currentReplicas) → result
  const rows: [string, [number, number], number, number, [number, number], number][] = [
    ['same', [1, 10], 5, 5, [1, 10], 5],
    ['lower', [1, 10], 4, 5, [1, 10], 5],
    ['higher', [1, 10], 6, 5, [6, 10], 6],
    ['below-min', [5, 10], 4, 5, [4, 10], 5],
    ['above-max', [5, 10], 11, 5, [11, 11], 11],
  ];

  it('reproduces every row of the table through the controller at the job time', async () => {
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(
      scenario(),
      ...rows.flatMap(([n, [min, max], target, deploy]) => [
        deploymentYaml(n, 'shop', deploy), hpaYaml(n, n, min, max, deploy),
        cronYaml(n, toHpa(n), `[{ name: nine, schedule: "0 0 9 * * *", targetSize: ${target} }]`),
      ]),
    ), '2026-11-22T08:59:00Z');
    for (const [n] of rows) expect(await job(n, 'nine')).toMatchObject({ state: 'Submitted', message: '', runOnce: false, targetSize: expect.any(Number), jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await c.advance(90 * S);
    for (const [n, , target, deploy, bounds, result] of rows) {
      expect(await hpaBounds(n)).toEqual(bounds);
      expect(await replicas(n)).toBe(result);
      const cond = await job(n, 'nine');
      expect(cond).toMatchObject({ state: 'Succeed', lastProbeTime: '2026-11-22T09:00:00Z' });
      expect(cond.message).toBe(result > deploy
        ? `cron hpa job nine executed successfully. current replicas:${deploy}, desired replicas:${target}.`
        : `cron hpa job nine executed successfully. Skip scale replicas because HPA ${n} current replicas:${deploy} >= desired replicas:${target}.`);
    }
    expect(await eventsFor(c, 'shop', 'higher')).toContainEqual(expect.objectContaining({ type: 'Normal', reason: 'Succeed', source: { component: 'CronHorizontalPodAutoscaler' }, message: 'cron hpa job nine executed successfully. current replicas:5, desired replicas:6.' }));
  });

  it('agrees with the HPA controller over a simulated day: raised minimum in the morning, no scale-down in the evening', async () => {
    const load = 'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Load\nmetadata: { name: web }\nspec: { target: { kind: Deployment, namespace: shop, name: web }, containers: [{ cpu: 200m }] }\n';
    c = await startControllerCluster([...workloadControllers(), hpaController(), cronHpaController()], docs(
      scenario(), deploymentYaml('web', 'shop', 1), hpaYaml('web', 'web', 1, 10), load,
      cronYaml('web', toHpa('web'), '[{ name: up, schedule: "0 0 8 * * *", targetSize: 6 }, { name: down, schedule: "0 0 20 * * *", targetSize: 2 }]'),
    ), '2026-11-22T07:50:00Z');
    await c.advance(5 * M);
    expect(await replicas('web')).toBe(1);
    await c.advance(6 * M); // 08:01
    expect(await hpaBounds('web')).toEqual([6, 10]);
    expect(await replicas('web')).toBe(6);
    await c.advance(12 * H); // 20:01: the low load wants 1, the HPA's minimum of 6 held it at 6 all day
    expect(await hpaBounds('web')).toEqual([2, 10]);
    expect((await job('web', 'down')).message).toBe('cron hpa job down executed successfully. Skip scale replicas because HPA web current replicas:6 >= desired replicas:2.');
    // the CronHPA never scales down; the HPA does, at its next sync: all its recent recommendations were 1
    await c.advance(30 * S);
    expect(await replicas('web')).toBe(2);
  }, 60_000);
});

describe('CronHPA on a Deployment, schedules and time zones', () => {
  it('scales a Deployment through /scale at the job time in the controller time zone (Asia/Shanghai)', async () => {
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(
      scenario('{ timeZone: Asia/Shanghai }'), deploymentYaml('web', 'shop', 2),
      cronYaml('web', toDeployment('web'), '[{ name: morning, schedule: "0 0 9 * * *", targetSize: 5 }]'),
    ), '2026-11-22T00:59:00Z');
    await c.advance(59 * S);
    expect(await replicas('web')).toBe(2);
    await c.advance(2 * S); // 01:00:00Z is 09:00 in Shanghai
    expect(await replicas('web')).toBe(5);
    expect(await job('web', 'morning')).toMatchObject({ state: 'Succeed', lastProbeTime: '2026-11-22T01:00:00Z', message: 'cron hpa job morning executed successfully. current replicas:2, desired replicas:5.' });
    const addon = await get('/apis/apps/v1/namespaces/kube-system/deployments/kubernetes-cronhpa-controller');
    expect(addon.spec.template.spec.containers[0].env).toEqual([{ name: 'TZ', value: 'Asia/Shanghai' }]);
  });

  it('crosses DST in Europe/Berlin: a 02:30 job runs at 03:00 on the spring-forward day, once on the fall-back day', async () => {
    const cron = cronYaml('web', toDeployment('web'), '[{ name: night, schedule: "0 30 2 * * *", targetSize: 3 }]');
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(scenario('{ timeZone: Europe/Berlin }'), deploymentYaml('web', 'shop', 1), cron), '2026-03-29T00:00:00Z');
    await c.advance(2 * H);
    expect((await job('web', 'night')).lastProbeTime).toBe('2026-03-29T01:00:00Z'); // 03:00 CEST
    await c.close();
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(scenario('{ timeZone: Europe/Berlin }'), deploymentYaml('web', 'shop', 1), cron), '2026-10-25T00:00:00Z');
    await c.advance(3 * H);
    expect((await job('web', 'night')).lastProbeTime).toBe('2026-10-25T00:30:00Z'); // the first 02:30 (CEST)
    const runs = (await eventsFor(c, 'shop', 'web')).filter((e) => e.reason === 'Succeed');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.count).toBe(1);
  });

  it('runOnce and @date jobs run once; others keep running', async () => {
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(
      scenario(), deploymentYaml('web', 'shop', 1),
      cronYaml('web', toDeployment('web'), '[{ name: once, schedule: "0 * * * * *", targetSize: 2, runOnce: true }, { name: date, schedule: "@date 2026-11-22 00:02:00", targetSize: 3 }, { name: every, schedule: "@every 90s", targetSize: 4 }]'),
    ));
    await c.advance(10 * M);
    const events = (await eventsFor(c, 'shop', 'web')).filter((e) => e.reason === 'Succeed');
    const count = (job: string) => events.filter((e) => e.message.startsWith(`cron hpa job ${job} `)).reduce((n, e) => n + e.count, 0);
    expect(count('once')).toBe(1);
    expect(count('date')).toBe(1);
    expect(count('every')).toBe(6);
    expect(await job('web', 'once')).toMatchObject({ state: 'Succeed', runOnce: true, lastProbeTime: '2026-11-22T00:01:00Z' });
    expect(await job('web', 'date')).toMatchObject({ state: 'Succeed', lastProbeTime: '2026-11-22T00:02:00Z' });
  });

  it('refuses a time zone it does not know when the scenario loads', async () => {
    await expect(startControllerCluster([cronHpaController()], scenario('{ timeZone: Mars/Olympus }'))).rejects.toThrow('spec.controllers.cronhpa: timeZone: must be an IANA time zone such as UTC or Asia/Shanghai');
  });

  it('waits months for a yearly job (timers are chained a day at a time)', async () => {
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(
      scenario(), deploymentYaml('web', 'shop', 1), cronYaml('web', toDeployment('web'), '[{ name: new-year, schedule: "@yearly", targetSize: 2 }]'),
    ));
    await c.advance(39 * 24 * H);
    expect((await job('web', 'new-year')).state).toBe('Submitted');
    await c.advance(2 * 24 * H);
    expect(await job('web', 'new-year')).toMatchObject({ state: 'Succeed', lastProbeTime: '2027-01-01T00:00:00Z' });
  });

  it('excludeDates skip the job with upstream\'s message (documented mode: the named days)', async () => {
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(
      scenario('{ excludeDates: documented }'), deploymentYaml('web', 'shop', 1),
      cronYaml('web', toDeployment('web'), '[{ name: noon, schedule: "0 0 12 * * *", targetSize: 4 }]', '\n  excludeDates: ["* * * 22 11 *"]'),
    ), '2026-11-22T11:59:00Z');
    await c.advance(2 * M);
    expect(await replicas('web')).toBe(1);
    expect((await job('web', 'noon')).message).toBe('cron hpa job noon executed successfully. skip scaling activity,because of excludeDate (* * * 22 11 *).');
    await c.advance(24 * H);
    expect(await replicas('web')).toBe(4);
  });

  it('excludeDates in upstream mode compare month and hour only, as the released controller does', async () => {
    // November 24th at 00:00: the entry names November 15th, whose next match (next year, 00:00:00) has the same month and hour
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(
      scenario(), deploymentYaml('web', 'shop', 1),
      cronYaml('web', toDeployment('web'), '[{ name: midnight, schedule: "0 0 0 * * *", targetSize: 4 }]', '\n  excludeDates: ["* * * 15 11 *"]'),
    ), '2026-11-23T23:59:00Z');
    await c.advance(2 * M);
    expect(await replicas('web')).toBe(1);
    expect((await job('web', 'midnight')).message).toMatch(/skip scaling activity,because of excludeDate/);
  });

  it('a schedule that does not parse: Failed with the parser\'s reason; a missing target: Failed after the retries', async () => {
    c = await startControllerCluster([...workloadControllers(), cronHpaController()], docs(
      scenario(),
      cronYaml('bad', toDeployment('web'), '[{ name: bad, schedule: "0 0 9 *", targetSize: 2 }]'),
      cronYaml('ghost', toDeployment('nope'), '[{ name: soon, schedule: "30 0 0 * * *", targetSize: 3 }]'),
    ));
    expect(await job('bad', 'bad')).toMatchObject({ state: 'Failed', message: 'Failed to update cron hpa job bad,because of Failed to add job to cronExecutor,because of Expected 5 to 6 fields, found 4: 0 0 9 *' });
    await c.advance(40 * S);
    expect((await job('ghost', 'soon')).state).toBe('Submitted');
    await c.advance(5 * S);
    expect(await job('ghost', 'soon')).toMatchObject({ state: 'Failed', lastProbeTime: '2026-11-22T00:00:42Z', message: 'cron hpa failed to execute, because of failed to scale Deployment nope in shop namespace to 3 after retrying 4 times and exit,because of failed to find source target Deployment nope in shop namespace' });
    expect(await eventsFor(c, 'shop', 'ghost')).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'Failed' }));
  });
});
