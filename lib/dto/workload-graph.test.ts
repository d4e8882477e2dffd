import { expect, it } from 'vitest';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import { buildScalingGraph } from '../graph/scaling-graph';
import { workloadDiagram } from './workload-graph';

it('lays out what acts on a workload with its ownership and adjusts edges', () => {
  const g = buildScalingGraph(snapshotFromYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: n }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-primary, namespace: n }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: web, namespace: n, uid: so }
spec: { scaleTargetRef: { name: web } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: keda-hpa-web, namespace: n, ownerReferences: [{ apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web, uid: so }] }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, maxReplicas: 3 }
---
apiVersion: autoscaling.alibabacloud.com/v1beta1
kind: CronHorizontalPodAutoscaler
metadata: { name: cron, namespace: n }
spec: { scaleTargetRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: keda-hpa-web } }
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web, namespace: n }
spec: { targetRef: { apiVersion: apps/v1, kind: Deployment, name: web } }
`));
  const d = workloadDiagram(g, 'n/apps/Deployment/web');
  const label = (k: string) => { const n = d.nodes.find((x) => x.key === k)!; return `${n.ref.kind}/${n.ref.name}@${n.column}`; };
  expect(d.nodes.find((n) => n.focus)?.ref.name).toBe('web');
  expect(d.edges.map((e) => `${label(e.from)} -${e.type}-> ${label(e.to)}`).sort()).toEqual([
    'Canary/web@0 -targets-> Deployment/web@2',
    'CronHorizontalPodAutoscaler/cron@0 -adjusts-> HorizontalPodAutoscaler/keda-hpa-web@1',
    'Deployment/web@2 -shadows-> Deployment/web-primary@2',
    'HorizontalPodAutoscaler/keda-hpa-web@1 -scales-> Deployment/web@2',
    'ScaledObject/web@0 -owns-> HorizontalPodAutoscaler/keda-hpa-web@1',
    'ScaledObject/web@0 -scales-> Deployment/web@2',
  ]);
});
