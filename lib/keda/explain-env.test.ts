import { describe, expect, it } from 'vitest';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import { buildEnvDto } from '../dto/keda-env';
import type { RuleHistory } from '../rules/types';
import { NO_HISTORY } from '../rules/types';
import { resolveContainerEnv } from './env';
import { envVarStates, operatorStart } from './explain-env';

/** A Deployment with two containers, revision 1 (Oct) and 2 (Nov 15), and a ScaledObject reading its env. */
function cluster(opts: { soExtra?: string; rev2Env?: string; deployEnv?: string; generation?: number } = {}) {
  const rev1Env = `
            - { name: GROUP, value: orders-v1 }
            - { name: BROKERS, valueFrom: { configMapKeyRef: { name: kafka, key: brokers } } }
            - { name: PASSWORD, valueFrom: { secretKeyRef: { name: kafka-creds, key: password } } }`;
  const rev2Env = opts.rev2Env ?? rev1Env.replace('orders-v1', 'orders-v2');
  const deployEnv = opts.deployEnv ?? rev2Env;
  const template = (env: string) => `
  template:
    spec:
      containers:
        - name: sidecar
          env:
            - { name: GROUP, value: sidecar-group }
        - name: app
          envFrom: [{ configMapRef: { name: app-env } }]
          env:${env}`;
  return snapshotFromYaml(`
apiVersion: v1
kind: Pod
metadata: { name: keda-operator-1, namespace: keda, labels: { app: keda-operator } }
status: { phase: Running, startTime: "2026-11-01T00:00:00Z" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: kafka, namespace: shop }
data: { brokers: "kafka-0:9092" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: app-env, namespace: shop }
data: { TOPIC: orders }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders, namespace: shop, uid: d1 }
spec:${template(deployEnv)}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: orders-1, namespace: shop, creationTimestamp: "2026-10-01T00:00:00Z", annotations: { deployment.kubernetes.io/revision: "1" }, ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: orders, uid: d1 }] }
spec:${template(rev1Env)}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: orders-2, namespace: shop, creationTimestamp: "2026-11-15T00:00:00Z", annotations: { deployment.kubernetes.io/revision: "2" }, ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: orders, uid: d1 }] }
spec:${template(rev2Env)}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: orders, namespace: shop, uid: so1, generation: ${opts.generation ?? 1}, creationTimestamp: "2026-10-10T00:00:00Z" }
spec:
  scaleTargetRef: { name: orders${opts.soExtra ?? ''} }
  triggers:
    - { type: kafka, name: lag, metadata: { consumerGroupFromEnv: GROUP, bootstrapServersFromEnv: BROKERS, passwordFromEnv: PASSWORD, topicFromEnv: TOPIC, lagThreshold: "50" } }
`);
}

function envOf(s: ReturnType<typeof cluster>, history: RuleHistory = NO_HISTORY) {
  const so = s.objects.scaledobjects[0]!;
  return buildEnvDto(s, so, s.objects.deployments[0], history, operatorStart(s))!;
}

describe('env resolution for *FromEnv', () => {
  it('reads containers[0] unless envSourceContainerName names another container', () => {
    const first = envOf(cluster());
    expect(first).toMatchObject({ container: 'sidecar', containerFrom: 'containers[0]' });
    expect(first.vars.find((v) => v.name === 'GROUP')?.template).toMatchObject({ kind: 'literal', value: 'sidecar-group' });
    const named = envOf(cluster({ soExtra: ', envSourceContainerName: app' }));
    expect(named).toMatchObject({ container: 'app', containerFrom: 'envSourceContainerName' });
    expect(named.vars.find((v) => v.name === 'GROUP')?.template).toMatchObject({ kind: 'literal', value: 'orders-v2' });
  });

  it('resolves ConfigMap references by value (configMapKeyRef and envFrom), Secrets by name only', () => {
    const env = envOf(cluster({ soExtra: ', envSourceContainerName: app' }));
    const byName = new Map(env.vars.map((v) => [v.name, v]));
    expect(byName.get('BROKERS')?.template).toEqual({ kind: 'configmap', value: 'kafka-0:9092', source: 'ConfigMap `kafka` key `brokers`', text: '`kafka-0:9092`' });
    expect(byName.get('TOPIC')?.template).toMatchObject({ kind: 'configmap', value: 'orders', source: 'ConfigMap `app-env` (envFrom)' });
    const pw = byName.get('PASSWORD')!.template;
    expect(pw).toMatchObject({ kind: 'secret', text: 'Secret `kafka-creds` key `password` (value not read)' });
    expect(pw.value).toBeUndefined();
  });

  it('a missing envSourceContainerName container is the resolver\'s error, for every variable', () => {
    const env = envOf(cluster({ soExtra: ', envSourceContainerName: worker' }));
    expect(env.container).toBe('worker');
    for (const v of env.vars) expect(v.template).toMatchObject({ kind: 'error', error: "couldn't find container with name worker on Target object" });
    const s = cluster();
    expect(envVarStates(s, { containers: [] }, undefined, ['GROUP'], 'shop').get('GROUP')).toMatchObject({ kind: 'error', error: "target object doesn't have containers" });
  });
});

describe('resolveContainerEnv: ConfigMap and Secret references as KEDA resolves them', () => {
  const pod = (env: unknown[]) => ({ containers: [{ name: 'app', env }] });
  const cms = { configMap: (n: string) => (n === 'kafka' ? { brokers: 'kafka-0:9092' } : undefined) };

  it('a key the ConfigMap lacks is empty; a missing ConfigMap fails the build unless the reference is optional', () => {
    const missingKey = resolveContainerEnv(pod([{ name: 'B', valueFrom: { configMapKeyRef: { name: 'kafka', key: 'nope' } } }]), undefined, cms, 'shop');
    expect(missingKey).toMatchObject({ ok: true, env: { B: '' } });
    const required = resolveContainerEnv(pod([{ name: 'B', valueFrom: { configMapKeyRef: { name: 'gone', key: 'brokers' } } }]), undefined, cms, 'shop');
    expect(required).toEqual({ ok: false, error: 'error resolving config &ConfigMapKeySelector{LocalObjectReference:LocalObjectReference{Name:gone,},Key:brokers,Optional:nil,} for env B in namespace shop' });
    const optional = resolveContainerEnv(pod([{ name: 'A', value: 'x' }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'gone', key: 'brokers', optional: true } } }]), undefined, cms, 'shop');
    expect(optional).toMatchObject({ ok: true, env: { A: 'x' } });
    expect(optional.ok && 'B' in optional.env).toBe(false);
  });

  it('without a Secret source (the dashboard) a Secret reference stays opaque: its name is known, its value is not read', () => {
    const r = resolveContainerEnv(pod([{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }]), undefined, cms, 'shop');
    expect(r).toMatchObject({ ok: true, opaque: ['P'] });
    expect(r.ok && 'P' in r.env).toBe(false);
  });
});

describe('stale environment: what KEDA resolved at its last build vs the template now', () => {
  it('a variable changed after the build is stale, with when each side came about', () => {
    // Built at creation (generation 1, 10-10) or the operator start (11-01): revision 1 then.
    const env = envOf(cluster({ soExtra: ', envSourceContainerName: app' }));
    expect(env).toMatchObject({ state: 'stale', builtAt: '2026-11-01T00:00:00Z', builtAtLowerBound: false, revisionAtBuild: { revision: 1, replicaSet: 'orders-1' } });
    const group = env.vars.find((v) => v.name === 'GROUP')!;
    expect(group).toMatchObject({
      changed: true,
      keda: { kind: 'literal', value: 'orders-v1' },
      template: { kind: 'literal', value: 'orders-v2' },
      changedIn: { revision: 2, replicaSet: 'orders-2', at: '2026-11-15T00:00:00Z' },
      templateSince: { revision: 2 },
      reads: [{ trigger: '`lag` (kafka)', param: 'consumerGroup' }],
    });
    expect(env.vars.find((v) => v.name === 'BROKERS')).toMatchObject({ changed: false, templateSince: { revision: 1 } });
  });

  it('a generation change seen after the template change clears it (the refresh)', () => {
    const history: RuleHistory = { generationObservedAt: (uid, g) => (uid === 'so1' && g === 2 ? '2026-11-20T00:00:00Z' : undefined) };
    const env = envOf(cluster({ soExtra: ', envSourceContainerName: app', generation: 2 }), history);
    expect(env).toMatchObject({ state: 'in-sync', builtAt: '2026-11-20T00:00:00Z', revisionAtBuild: { revision: 2 } });
    expect(env.vars.every((v) => !v.changed)).toBe(true);
  });

  it('an unknown generation change makes the build time a lower bound', () => {
    const env = envOf(cluster({ soExtra: ', envSourceContainerName: app', generation: 3 }));
    expect(env.builtAtLowerBound).toBe(true);
    expect(env.unknown[0]).toContain('generation 3');
  });

  it('not a Deployment, or no target: today\'s values only', () => {
    const s = cluster();
    const so = s.objects.scaledobjects[0]!;
    const none = buildEnvDto(s, so, undefined, NO_HISTORY, undefined)!;
    expect(none).toMatchObject({ state: 'unknown', note: 'The scale target does not exist.' });
    expect(none.vars.every((v) => v.keda === undefined && v.template.kind === 'unset')).toBe(true);
  });
});
