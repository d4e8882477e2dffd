/** The KEDA page's rows and installation panel from a snapshot (pure builders). */
import { describe, expect, it } from 'vitest';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import { buildScalingGraph } from '../graph/scaling-graph';
import { hpaState, scaledObjectRow } from './keda';
import { buildKedaInstallation } from './keda-install';
import { triggerDtos } from './keda-triggers';

const cluster = snapshotFromYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: keda-operator, namespace: keda }
spec: { replicas: 1, template: { spec: { containers: [{ name: keda-operator, image: "ghcr.io/kedacore/keda:2.16.1" }] } } }
status: { replicas: 1, readyReplicas: 1 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: keda-admission-webhooks, namespace: keda }
spec: { replicas: 1, template: { spec: { containers: [{ name: w, image: "ghcr.io/kedacore/keda-admission-webhooks:2.16.1" }] } } }
status: { replicas: 1, readyReplicas: 0 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: mailer, namespace: shop }
spec: { replicas: 0, template: { spec: { containers: [{ name: app, image: x }] } } }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: mailer, namespace: shop, annotations: { autoscaling.keda.sh/paused-replicas: "0" } }
spec:
  scaleTargetRef: { name: mailer }
  triggers:
    - type: kafka
      name: lag
      authenticationRef: { name: kafka-auth }
      metadata: { lagThreshold: "50", consumerGroupFromEnv: GROUP, topic: orders, bootstrapServers: "kafka:9092", sasl: plaintext, password: hunter2 }
status:
  hpaName: keda-hpa-mailer
  conditions:
    - { type: Ready, status: "False", reason: ScaledObjectCheckFailed, message: "Target resource doesn't exist" }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: keda-hpa-mailer, namespace: shop, ownerReferences: [{ apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: mailer, uid: u, controller: true }] }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: mailer }, minReplicas: 1, maxReplicas: 100 }
status: { desiredReplicas: 0 }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: fresh, namespace: shop }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: mailer }, minReplicas: 1, maxReplicas: 3 }
`);
const so = cluster.objects.scaledobjects[0]!;

describe('ScaledObject rows', () => {
  it('the four conditions in order (absent where KEDA wrote none), the pause annotation and the owned HPA', () => {
    const row = scaledObjectRow(cluster, buildScalingGraph(cluster), so, []);
    expect(row.conditions).toEqual([
      { type: 'Ready', status: 'False', reason: 'ScaledObjectCheckFailed', message: "Target resource doesn't exist" },
      { type: 'Active', status: 'absent' }, { type: 'Fallback', status: 'absent' }, { type: 'Paused', status: 'absent' },
    ]);
    expect(row.pause).toEqual({ annotation: 'autoscaling.keda.sh/paused-replicas', value: '0' });
    expect(row).toMatchObject({ min: 0, minSet: false, max: 100, target: { kind: 'Deployment', name: 'mailer', exists: true } });
  });

  it('an HPA status without currentReplicas means 0 (omitempty); no status at all is unknown', () => {
    expect(hpaState(cluster, so)).toMatchObject({ name: 'keda-hpa-mailer', exists: true, observed: true, ownedBy: 'mailer', current: 0, desired: 0, min: 1, max: 100 });
    const other = { ...so, status: { hpaName: 'fresh' } };
    const fresh = hpaState(cluster, other);
    expect(fresh).toMatchObject({ exists: true, observed: false });
    expect(fresh.current).toBeUndefined();
    expect(fresh.ownedBy).toBeUndefined();
    expect(hpaState(cluster, { ...so, status: { hpaName: 'gone' } })).toMatchObject({ exists: false, observed: false });
  });

  it('triggers: authentication by name, credentials hidden, highlights say what is measured (*FromEnv first)', () => {
    const [t] = triggerDtos(so);
    expect(t!.authenticationRef).toEqual({ kind: 'TriggerAuthentication', name: 'kafka-auth' });
    expect(t!.metadata.find((m) => m.key === 'password')).toEqual({ key: 'password', value: '••••••', redacted: true });
    expect(t!.highlights.map((m) => `${m.key}=${m.value}`)).toEqual(['consumerGroupFromEnv=GROUP', 'topic=orders']);
    expect(JSON.stringify(t)).not.toContain('hunter2');
  });
});

describe('installation panel', () => {
  const served = { state: 'served' } as const;
  it('version from the operator image; failurePolicy Ignore with its backend down admits everything unchecked', () => {
    const inst = buildKedaInstallation(cluster, true, { state: 'registered', configuration: 'keda-admission', failurePolicy: 'Ignore' }, served);
    expect(inst).toMatchObject({ installed: true, version: '2.16.1', operator: { name: 'keda-operator', ready: 1 }, admissionWebhooks: { ready: 0 }, metricsServer: null });
    expect(inst.webhook.tone).toBe('crit');
    expect(inst.webhook.explanation).toContain('admits every ScaledObject unchecked');
    expect(inst.externalMetrics.tone).toBe('warn');
  });

  it('not installed is a normal state: nothing is red', () => {
    const bare = snapshotFromYaml('apiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n', { absent: ['scaledobjects', 'scaledjobs'] });
    const inst = buildKedaInstallation(bare, false, { state: 'missing' }, { state: 'not-served' });
    expect(inst).toMatchObject({ installed: false, operator: null, webhook: { state: 'missing', tone: 'neutral' }, externalMetrics: { state: 'not-served', tone: 'neutral' } });
    expect(inst.version).toBeUndefined();
  });
});
