/**
 * The Flagger check of `canary-hpa-to-scaledobject` from plain objects: before flagger PR #1677 it
 * names the step Flagger itself would take, quotes KEDA's refusal of it, and names the plan's
 * steps that replace it; from 1.38.0 on it passes.
 */
import { describe, expect, it } from 'vitest';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import { planCanaryHpaToScaledObject } from './canary-hpa-to-scaledobject';

const cluster = (release: string) => snapshotFromYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: flagger, namespace: flagger-system }
spec: { replicas: 1, template: { spec: { containers: [{ name: flagger, image: ghcr.io/fluxcd/flagger:${release} }] } } }
status: { replicas: 1, readyReplicas: 1 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: keda-operator, namespace: keda }
spec: { replicas: 1, template: { spec: { containers: [{ name: keda-operator, image: ghcr.io/kedacore/keda:2.17.0 }] } } }
status: { replicas: 1, readyReplicas: 1 }
${['podinfo', 'podinfo-primary'].map((name) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: delivery }
spec: { replicas: 2, template: { spec: { containers: [{ name: podinfod, image: podinfo:6.7.1, resources: { requests: { cpu: 100m } } }] } } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${name}, namespace: delivery }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }, minReplicas: 2, maxReplicas: 6, metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } } }] }
`).join('')}---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: delivery, uid: c1 }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  autoscalerRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo }
status: { phase: Initialized }
`);

const plan = (release: string) => planCanaryHpaToScaledObject(cluster(release), { namespace: 'delivery', kind: 'Canary', name: 'podinfo' }, { now: '2026-11-22T12:00:00Z', kedaWebhookRegistered: true }, {});

describe('flagger-release check', () => {
  it('before 1.38.0: Flagger\'s own step is blocked by KEDA\'s webhook, quoted, and the plan\'s steps replace it', () => {
    const p = plan('1.37.0');
    const c = p.preflight.find((x) => x.check === 'flagger-release')!;
    expect(c).toMatchObject({ ok: false, blocking: false });
    expect(c.detail).toContain('Flagger 1.37.0 predates flagger PR #1677');
    expect(c.detail).toContain('creating podinfo-primary once the Canary names ScaledObject podinfo — would be blocked');
    // KEDA's webhook message, verbatim, for Flagger's verbatim copy: it claims the HPA step 1's ScaledObject adopted.
    expect(c.detail).toContain('refuses that (flagger#1646): "the HPA \'podinfo\' is already managed by the ScaledObject \'podinfo\'"');
    expect(c.remedy).toContain('step 2 creates podinfo-primary itself');
    expect(p.steps.map((s) => s.id).slice(1, 3)).toEqual(['create-primary-scaledobject', 'use-default-hpa-names']);
    expect(p.preflight.filter((x) => x.blocking && !x.ok)).toEqual([]);
  });

  it('from 1.38.0: Flagger creates the primary ScaledObject itself; the check passes', () => {
    const p = plan('1.44.0');
    expect(p.preflight.find((x) => x.check === 'flagger-release')).toMatchObject({ ok: true });
    expect(p.steps.map((s) => s.id)).not.toContain('create-primary-scaledobject');
  });
});
