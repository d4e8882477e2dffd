import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import { buildScalingGraph } from '../graph/scaling-graph';
import { runRules } from '../rules/engine';
import { buildCronHpas } from './cronhpa';

const demo = (file: string) => readFileSync(path.join(__dirname, '../../sim/scenarios/demo', file), 'utf8');
/** The add-on Deployment as the simulator installs it for the demo (TZ from Scenario.spec.controllers.cronhpa). */
const CONTROLLER = readFileSync(path.join(__dirname, '../../sim/addons/cronhpa.yaml'), 'utf8').replace('value: UTC', 'value: Asia/Shanghai');
/** What the HPA controller had reported by then: web at 3, landing at 2, promo at 4 (the demo's loads). */
const STATUS = (name: string, current: number, utilization: number) => `
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${name}, namespace: marketing }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }
  minReplicas: ${name === 'promo' ? 2 : 1}
  maxReplicas: ${name === 'promo' ? 8 : 10}
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]
status: { currentReplicas: ${current}, desiredReplicas: ${current}, currentMetrics: [{ type: Resource, resource: { name: cpu, current: { averageUtilization: ${utilization} } } }] }
`;
/** The HPA KEDA makes for streaming/order-events-consumer once the operator runs. */
const KEDA_HPA = `
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: keda-hpa-order-events-consumer
  namespace: streaming
  ownerReferences: [{ apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: order-events-consumer, uid: u, controller: true }]
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: order-events-consumer }
  minReplicas: 1
  maxReplicas: 20
`;
const marketing = demo('60-marketing.yaml').split(/^---$/m).filter((d) => !/kind: HorizontalPodAutoscaler\n/.test(d)).join('---');
const snapshot = snapshotFromYaml([marketing, demo('40-streaming.yaml'), CONTROLLER].join('\n---\n') + STATUS('web', 3, 50) + STATUS('landing', 2, 45) + STATUS('promo', 4, 40) + KEDA_HPA);
const NOW = '2026-11-22T03:00:00Z'; // Sunday 11:00 in Shanghai
const findings = runRules(snapshot, { now: NOW, graph: buildScalingGraph(snapshot) }).findings;
const dto = buildCronHpas(snapshot, Date.parse(NOW), findings);
const byName = (n: string) => dto.items.find((c) => c.name === n)!;

describe('GET /api/v1/cronhpas on the demo', () => {
  it('lists every CronHPA with the controller zone', () => {
    expect(dto.items.map((c) => `${c.namespace}/${c.name}`)).toEqual(['marketing/black-friday', 'marketing/landing-campaign', 'marketing/newsletter', 'marketing/promo-schedule', 'marketing/web-business-hours', 'streaming/order-events-peak']);
    expect(dto.timeZone).toEqual({ name: 'Asia/Shanghai', source: 'TZ of kube-system/kubernetes-cronhpa-controller' });
    expect(dto.installed).toBe(true);
  });

  it('gives each job its words and next five runs as ISO instants in the controller zone', () => {
    const web = byName('web-business-hours');
    expect(web.jobs[0]).toMatchObject({ name: 'scale-up', schedule: '0 0 8 * * 1-5', words: 'at 08:00, Monday to Friday', targetSize: 6, runOnce: false });
    // 08:00 Monday to Friday in Shanghai = 00:00 UTC
    expect(web.jobs[0]!.nextRuns).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z', '2026-11-27T00:00:00.000Z']);
    const newsletter = byName('newsletter');
    expect(newsletter.jobs[0]).toMatchObject({ error: 'End of range (7) above maximum (6): 6-7', nextRuns: [] });
    expect(newsletter.jobs[0]!.words).toBeUndefined();
    expect(newsletter.jobs[1]!.words).toBe('at minute 8 of every hour, every day in January to May');
    expect(byName('black-friday').jobs[0]!.nextRuns).toHaveLength(1); // runOnce
  });

  it('projects the HPA of an HPA target by design §6 (landing: up at 09:00, back at 21:00)', () => {
    const landing = byName('landing-campaign');
    expect(landing.mode).toBe('hpa');
    expect(landing.workload).toMatchObject({ kind: 'Deployment', name: 'landing', exists: true });
    expect(landing.projection!.slice(0, 2).map((r) => [r.at, r.job, r.min, r.max, r.replicas, r.settled])).toEqual([
      ['2026-11-22T13:00:00.000Z', 'campaign-end', 1, 10, 2, 2],
      ['2026-11-23T01:00:00.000Z', 'campaign-start', 6, 10, 6, 6],
    ]);
    expect(landing.projection).toHaveLength(14);
    expect(landing.retarget.status).toBe('not-needed');
  });

  it('shows both writers of a workload target and where they collide (web)', () => {
    const web = byName('web-business-hours');
    expect(web.mode).toBe('workload');
    expect(web.hpa).toMatchObject({ name: 'web', minReplicas: 1, maxReplicas: 10, currentReplicas: 3, wanted: 3 });
    expect(web.writes!.slice(0, 2).map((w) => [w.at, w.job, w.replicas, w.hpaReplicas, w.collides])).toEqual([
      ['2026-11-23T00:00:00.000Z', 'scale-up', 6, 3, true],
      ['2026-11-23T12:00:00.000Z', 'scale-down', 2, 3, true],
    ]);
    expect(web.retarget).toMatchObject({ status: 'available', hpa: 'web' });
    expect(web.retarget.preview.map((p) => [p.job, p.run?.min, p.run?.max, p.run?.replicas])).toEqual([['scale-up', 6, 10, 6], ['scale-down', 2, 10, 6]]);
    expect(web.findings.map((f) => f.rule)).toEqual(['cronhpa-bypasses-hpa']);
  });

  it('offers the KEDA cron triggers for a CronHPA on KEDA\'s HPA', () => {
    const peak = byName('order-events-peak');
    expect(peak.retarget.status).toBe('refused');
    expect(peak.keda).toMatchObject({ scaledObject: 'order-events-consumer', floor: 2 });
    expect(parse(peak.keda!.yaml)).toEqual({ spec: { minReplicaCount: 2, triggers: [{ type: 'cron', name: 'peak-start', metadata: { timezone: 'Asia/Shanghai', start: '0 8 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: '8' } }] } });
    expect(peak.findings.map((f) => f.rule)).toContain('cronhpa-on-keda-hpa');
  });

  it('says when the target is missing', () => {
    expect(byName('black-friday')).toMatchObject({ mode: 'workload', target: { kind: 'Deployment', name: 'campaign-frontend', exists: false }, retarget: { status: 'unavailable' } });
  });
  it('before an HPA first syncs, projects from the replicas of the workload it scales (what that sync will report)', () => {
    const fresh = snapshotFromYaml([demo('60-marketing.yaml'), CONTROLLER].join('\n---\n'));
    const d = buildCronHpas(fresh, Date.parse(NOW), []);
    const landing = d.items.find((c) => c.name === 'landing-campaign')!;
    expect(landing.hpa?.currentReplicas).toBeUndefined();
    expect(landing.projection![0]).toMatchObject({ job: 'campaign-end', before: 2, min: 1, max: 10, replicas: 2, scaled: false });
    const web = d.items.find((c) => c.name === 'web-business-hours')!;
    expect(web.retarget.preview.map((p) => [p.job, p.run?.before, p.run?.min, p.run?.max])).toEqual([['scale-up', 3, 6, 10], ['scale-down', 6, 2, 10]]);
    const finding = runRules(fresh, { now: NOW, graph: buildScalingGraph(fresh) }).findings.find((f) => f.rule === 'cronhpa-bypasses-hpa')!;
    expect(finding.remedy).toContain('starting from 1–10 with 3 replicas');
  });
});
