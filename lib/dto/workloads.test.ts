import { describe, expect, it } from 'vitest';
import { NOW, snapshotFromYaml } from '@/test/snapshot-builder';
import { buildScalingGraph } from '../graph/scaling-graph';
import { buildWorkloadRows, queryWorkloads, type WorkloadRowDto } from './workloads';

const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders, namespace: shop, creationTimestamp: "2026-11-01T00:00:00Z" }
spec: { replicas: 3 }
status: { replicas: 3, readyReplicas: 2 }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: sessions, namespace: shop, creationTimestamp: "2026-10-01T00:00:00Z" }
spec: { replicas: 2 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: podinfo, namespace: delivery, creationTimestamp: "2026-11-10T00:00:00Z" }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: podinfo-primary, namespace: delivery, creationTimestamp: "2026-11-10T00:00:01Z" }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: orders, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: orders }
  minReplicas: 2
  maxReplicas: 10
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: orders, namespace: shop, annotations: { autoscaling.keda.sh/paused-replicas: "0" } }
spec: { scaleTargetRef: { name: orders }, triggers: [{ type: cpu, metadata: { value: "70" } }] }
---
apiVersion: autoscaling.alibabacloud.com/v1beta1
kind: CronHorizontalPodAutoscaler
metadata: { name: orders-cron, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: orders }
  jobs: [{ name: up, schedule: "0 0 8 * * *", targetSize: 6 }]
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: delivery }
spec: { targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo } }
status: { phase: Succeeded }
`;

const rows = buildWorkloadRows(buildScalingGraph(snapshotFromYaml(yaml)));
const byName = (name: string) => rows.find((r) => r.name === name)!;

describe('buildWorkloadRows', () => {
  it('lists every Deployment and StatefulSet with its replicas', () => {
    expect(rows.map((r) => `${r.kind}/${r.namespace}/${r.name}`).sort()).toEqual([
      'Deployment/delivery/podinfo', 'Deployment/delivery/podinfo-primary', 'Deployment/shop/orders', 'StatefulSet/shop/sessions',
    ]);
    expect(byName('orders').replicas).toMatchObject({ desired: 3, ready: 2 });
    expect(byName('sessions').href).toBe('/workloads/shop/StatefulSet/sessions');
  });

  it('shows each autoscaler with a summary, ScaledObjects first, and a CronHPA through its HPA', () => {
    const a = byName('orders').autoscalers;
    expect(a.map((x) => `${x.kind}/${x.name}`)).toEqual(['ScaledObject/orders', 'HorizontalPodAutoscaler/orders', 'CronHorizontalPodAutoscaler/orders-cron']);
    expect(a[0]).toMatchObject({ summary: '0–100 replicas · cpu', paused: 'autoscaling.keda.sh/paused-replicas: 0' });
    expect(a[1]!.summary).toBe('2–10 replicas · cpu 70%');
    expect(a[2]).toMatchObject({ via: 'orders', summary: '1 job · up → 6' });
  });

  it('marks canary targets and their -primary copies', () => {
    expect(byName('podinfo').canary).toEqual({ name: 'podinfo', role: 'target', phase: 'Succeeded' });
    expect(byName('podinfo-primary').canary).toEqual({ name: 'podinfo', role: 'primary', phase: 'Succeeded' });
    expect(byName('sessions').canary).toBeUndefined();
  });
});

describe('queryWorkloads', () => {
  const names = (items: WorkloadRowDto[]) => items.map((r) => r.name);

  it('filters by namespace and by text over names, kinds and autoscaler names', () => {
    expect(names(queryWorkloads(rows, { namespace: 'delivery' }, NOW).items)).toEqual(['podinfo', 'podinfo-primary']);
    expect(names(queryWorkloads(rows, { q: 'ORDERS-CRON' }, NOW).items)).toEqual(['orders']);
    expect(names(queryWorkloads(rows, { q: 'statefulset' }, NOW).items)).toEqual(['sessions']);
  });

  it('tells "no match" from "no workloads"', () => {
    const r = queryWorkloads(rows, { q: 'nothing-like-this' }, NOW);
    expect([r.total, r.unfilteredTotal]).toEqual([0, 4]);
  });

  it('sorts by a column in either direction, ties broken by namespace/name', () => {
    expect(names(queryWorkloads(rows, { sort: 'age', dir: 'asc' }, NOW).items)).toEqual(['sessions', 'orders', 'podinfo', 'podinfo-primary']);
    expect(names(queryWorkloads(rows, { sort: 'autoscalers', dir: 'desc' }, NOW).items)[0]).toBe('orders');
  });

  it('pages with offset and limit and reports every namespace', () => {
    const page = queryWorkloads(rows, { limit: 2, offset: 2 }, NOW);
    expect(names(page.items)).toEqual(['orders', 'sessions']);
    expect(page.namespaces).toEqual(['delivery', 'shop']);
  });
});
