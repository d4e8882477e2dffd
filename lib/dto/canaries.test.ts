import { describe, expect, it } from 'vitest';
import { NOW, snapshotFromYaml } from '@/test/snapshot-builder';
import { buildCanaries } from './canaries';

const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: podinfo, namespace: delivery }
spec: { replicas: 0 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: podinfo-primary, namespace: delivery }
spec: { replicas: 2 }
status: { replicas: 2, readyReplicas: 2 }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: podinfo, namespace: delivery }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  minReplicas: 2
  maxReplicas: 6
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } } }]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: podinfo-primary, namespace: delivery }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo-primary }
  minReplicas: 2
  maxReplicas: 6
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } } }]
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: delivery }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  autoscalerRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo }
status: { phase: Initialized }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: storefront-primary, namespace: delivery }
spec: { replicas: 2 }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: storefront-primary, namespace: delivery }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: storefront-primary }
  minReplicas: 2
  maxReplicas: 8
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: storefront, namespace: delivery }
spec: { scaleTargetRef: { name: storefront }, minReplicaCount: 2, maxReplicaCount: 8, triggers: [{ type: cpu, metadata: { value: "70" } }] }
status: { conditions: [{ type: Ready, status: "True" }] }
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: storefront, namespace: delivery }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: storefront }
  autoscalerRef: { apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: storefront }
status: { phase: Succeeded }
`;

describe('buildCanaries', () => {
  const dto = buildCanaries(snapshotFromYaml(yaml), NOW);

  it('lists each Canary with its target, primary and autoscalerRef', () => {
    expect(dto.items.map((c) => c.name)).toEqual(['podinfo', 'storefront']);
    const p = dto.items[0]!;
    expect(p.phase).toBe('Initialized');
    expect(p.target).toMatchObject({ kind: 'Deployment', name: 'podinfo', exists: true, href: '/workloads/delivery/Deployment/podinfo' });
    expect(p.primary).toMatchObject({ name: 'podinfo-primary', exists: true, replicas: { desired: 2, ready: 2 } });
    expect(p.autoscalerRef).toMatchObject({ kind: 'HorizontalPodAutoscaler', name: 'podinfo', exists: true, summary: '2–6 replicas · cpu 80%' });
    expect(p.primaryAutoscaler).toMatchObject({ kind: 'HorizontalPodAutoscaler', name: 'podinfo-primary', exists: true });
    expect(p.primaryOthers).toEqual([]);
  });

  it('shows a missing primary ScaledObject and the HPA left on the primary', () => {
    const s = dto.items[1]!;
    expect(s.autoscalerRef).toMatchObject({ kind: 'ScaledObject', name: 'storefront', exists: true, ready: { status: 'True' } });
    expect(s.primaryAutoscaler).toEqual({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'storefront-primary', exists: false });
    expect(s.target).toMatchObject({ name: 'storefront', exists: false });
    expect(s.primaryOthers.map((o) => `${o.kind}/${o.name}`)).toEqual(['HorizontalPodAutoscaler/storefront-primary']);
  });
});
