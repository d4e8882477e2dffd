import { describe, expect, it } from 'vitest';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import { buildScalingGraph, sources, targets } from './scaling-graph';

const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, uid: d1 }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: keda-hpa-web
  namespace: shop
  ownerReferences: [{ apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web, uid: so1, controller: true }]
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, maxReplicas: 5 }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: web, namespace: shop, uid: so1 }
spec: { scaleTargetRef: { name: web } }
---
apiVersion: autoscaling.alibabacloud.com/v1beta1
kind: CronHorizontalPodAutoscaler
metadata: { name: cron, namespace: shop }
spec: { scaleTargetRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: keda-hpa-web } }
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web, namespace: shop }
spec: { targetRef: { apiVersion: apps/v1, kind: Deployment, name: web } }
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: { name: ghost, namespace: shop }
spec: { targetRef: { apiVersion: apps/v1, kind: Deployment, name: missing } }
`;

describe('buildScalingGraph', () => {
  const g = buildScalingGraph(snapshotFromYaml(yaml));
  const web = 'shop/apps/Deployment/web';

  it('indexes every autoscaler by the workload it scales; an empty KEDA apiVersion/kind means apps/v1 Deployment', () => {
    expect(sources(g, web, 'scales').map((n) => `${n.ref.kind}/${n.ref.name}`).sort()).toEqual([
      'HorizontalPodAutoscaler/keda-hpa-web',
      'ScaledObject/web',
    ]);
  });

  it('links a CronHPA pointed at an HPA with an adjusts edge, not a scales edge', () => {
    expect(sources(g, 'shop/autoscaling/HorizontalPodAutoscaler/keda-hpa-web', 'adjusts').map((n) => n.ref.name)).toEqual(['cron']);
    expect(sources(g, web, 'scales').some((n) => n.ref.name === 'cron')).toBe(false);
  });

  it('follows ownerReferences from a ScaledObject to its HPA', () => {
    expect(targets(g, 'shop/keda.sh/ScaledObject/web', 'owns').map((n) => n.ref.name)).toEqual(['keda-hpa-web']);
  });

  it('records the canary target and its -primary shadow', () => {
    expect(targets(g, 'shop/flagger.app/Canary/web', 'targets').map((n) => n.key)).toEqual([web]);
    expect(targets(g, web, 'shadows').map((n) => n.key)).toEqual(['shop/apps/Deployment/web-primary']);
  });

  it('keeps a dangling target as a node without an object', () => {
    const missing = g.nodes.get('shop/apps/Deployment/missing');
    expect(missing).toBeDefined();
    expect(missing?.object).toBeUndefined();
  });

  it('tolerates malformed autoscalers (no spec, wrong types) without throwing', () => {
    const bad = snapshotFromYaml(`
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: a, namespace: x }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: b, namespace: x }
spec: { scaleTargetRef: "not an object" }
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: { name: c, namespace: x }
spec: null
`);
    const graph = buildScalingGraph(bad);
    expect([...graph.out.values()].flat()).toEqual([]);
  });
});

it('never throws on malformed metadata once normalised as the informer cache does', async () => {
  const { snapshotFromObjects } = await import('@/test/snapshot-builder');
  const weird = [
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x', namespace: 'n', ownerReferences: 'nope' } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'y', namespace: 'n', ownerReferences: [null, 3, { kind: 'ScaledObject', name: 7, uid: 'u' }] } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 42, namespace: ['n'] } },
  ] as never[];
  expect(() => buildScalingGraph(snapshotFromObjects(weird))).not.toThrow();
});
