import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/object';
import { effectiveParams, expandEnvValue, fromEnvParams, resolveContainerEnv } from './env';
import { gvkString, hpaNameOf, normalizeString, parseGvkr } from './names';
import { isTriggerActive, milliQuantity, triggerSpec } from './scalers';
import { decideScale, jobsToCreate, type ScaleDecisionInput } from './scaling';
import { replicaBoundsError, validateScaledObject } from './validation';

const so = (spec: Record<string, unknown>, name = 'orders'): KubeObject => ({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name, namespace: 'shop' }, spec });
const noMapper = () => undefined;

describe('names', () => {
  it('HPA name, normalized metric names, GVKR defaults', () => {
    expect(hpaNameOf(so({}))).toBe('keda-hpa-orders');
    expect(hpaNameOf(so({ advanced: { horizontalPodAutoscalerConfig: { name: 'web' } } }))).toBe('web');
    expect(normalizeString('a/b.c:d%e(f)')).toBe('a-b-c-d-e-f-');
    const g = parseGvkr(undefined, undefined, noMapper);
    expect(g.ok && gvkString(g.gvkr)).toBe('apps/v1.Deployment');
    expect(parseGvkr('argoproj.io/v1alpha1', 'Rollout', noMapper)).toEqual({ ok: false, error: 'no matches for kind "Rollout" in version "argoproj.io/v1alpha1"' });
  });
});

describe('scalers', () => {
  it('metric names as GenerateMetricNameWithIndex, targets and activation thresholds per type', () => {
    expect(triggerSpec({ type: 'kafka', params: { topic: 'orders.v1', lagThreshold: '50', activationLagThreshold: '5' } }, 0)).toMatchObject({ metricName: 's0-kafka-orders-v1', target: 50, activation: 5 });
    expect(triggerSpec({ type: 'kafka', params: { consumerGroup: 'g' } }, 2)).toMatchObject({ metricName: 's2-kafka-g-topics', target: 10, activation: 0 });
    expect(triggerSpec({ type: 'prometheus', params: { threshold: 'x' } }, 1).error).toBe('error parsing prometheus metadata: threshold must be a number');
    expect(triggerSpec({ type: 'cpu', metricType: 'Utilization', params: { value: '60' } }, 0)).toMatchObject({ resource: 'cpu', target: 60 });
    expect(milliQuantity(0.5)).toBe('500m');
    expect(milliQuantity(12)).toBe('12');
  });

  it('a trigger is active only strictly above its activation threshold', () => {
    expect(isTriggerActive(5, 5)).toBe(false);
    expect(isTriggerActive(5.01, 5)).toBe(true);
    expect(isTriggerActive(0, 0)).toBe(false);
  });
});

describe('env', () => {
  const podSpec = {
    containers: [
      { name: 'first', env: [{ name: 'GROUP', value: 'first' }] },
      { name: 'app', envFrom: [{ configMapRef: { name: 'cm' } }], env: [{ name: 'HOST', value: 'kafka' }, { name: 'BROKERS', value: '$(HOST):9092' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'PASS', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } }] },
    ],
  };
  it('reads containers[0] unless envSourceContainerName names another container', () => {
    const sources = { configMap: (n: string) => (n === 'cm' ? { GROUP: 'from-cm' } : undefined) };
    expect(resolveContainerEnv(podSpec, undefined, sources)).toMatchObject({ ok: true, container: 'first', env: { GROUP: 'first' } });
    const r = resolveContainerEnv(podSpec, 'app', sources);
    expect(r).toEqual({ ok: true, container: 'app', env: { GROUP: 'from-cm', HOST: 'kafka', BROKERS: 'kafka:9092' }, opaque: ['PASS'] });
    expect(resolveContainerEnv(podSpec, 'nope', sources)).toEqual({ ok: false, error: "couldn't find container with name nope on Target object" });
    expect(resolveContainerEnv({ containers: [] }, undefined, sources)).toEqual({ ok: false, error: "target object doesn't have containers" });
    expect(resolveContainerEnv(podSpec, 'app', { ...sources, secret: () => ({ p: 'hunter2' }) })).toMatchObject({ env: { PASS: 'hunter2' }, opaque: [] });
  });

  it('expands $(VAR) and $$ like KEDA, and resolves *FromEnv unless the parameter itself is set', () => {
    expect(expandEnvValue('$$(X)-$(Y)', { Y: 'y' })).toBe('$(X)-y');
    expect(fromEnvParams({ consumerGroupFromEnv: 'GROUP', topic: 't' })).toEqual([{ param: 'consumerGroup', envName: 'GROUP' }]);
    expect(effectiveParams({ consumerGroupFromEnv: 'GROUP' }, { GROUP: 'g1' })).toMatchObject({ consumerGroup: 'g1' });
    expect(effectiveParams({ consumerGroup: 'fixed', consumerGroupFromEnv: 'GROUP' }, { GROUP: 'g1' })).toMatchObject({ consumerGroup: 'fixed' });
  });
});

describe('scaling decisions', () => {
  const base: ScaleDecisionInput = { active: false, error: false, current: 0, hasFallback: false, creationTime: 0, cooldownMs: 300_000, initialCooldownMs: 0, now: 1_000_000 };
  it('activation decides 0↔1 (or idle↔min) only', () => {
    expect(decideScale({ ...base, active: true })).toEqual({ kind: 'scale', replicas: 1, why: 'activated' });
    expect(decideScale({ ...base, active: true, minReplicaCount: 3, idleReplicaCount: 0 })).toEqual({ kind: 'scale', replicas: 3, why: 'activated' });
    expect(decideScale({ ...base, active: true, current: 4 })).toEqual({ kind: 'keep-active' });
    expect(decideScale({ ...base, current: 4, lastActiveTime: 900_000 })).toEqual({ kind: 'cooldown' });
    expect(decideScale({ ...base, current: 4, lastActiveTime: 600_000 })).toEqual({ kind: 'scale', replicas: 0, why: 'deactivated' });
    expect(decideScale({ ...base, current: 4, minReplicaCount: 2 })).toEqual({ kind: 'none' });
    expect(decideScale({ ...base, current: 1, minReplicaCount: 2 })).toEqual({ kind: 'scale', replicas: 2, why: 'min' });
    expect(decideScale({ ...base, error: true })).toEqual({ kind: 'trigger-error' });
  });

  it('ScaledJob default strategy', () => {
    expect(jobsToCreate({ queueLength: 25, target: 10, maxReplicaCount: 5, minReplicaCount: 0, running: 0, active: true })).toBe(3);
    expect(jobsToCreate({ queueLength: 25, target: 10, maxReplicaCount: 5, minReplicaCount: 0, running: 2, active: true })).toBe(1);
    expect(jobsToCreate({ queueLength: 100, target: 10, maxReplicaCount: 5, minReplicaCount: 0, running: 0, active: true })).toBe(5);
    expect(jobsToCreate({ queueLength: 0, target: 10, maxReplicaCount: 5, minReplicaCount: 0, running: 0, active: false })).toBe(0);
  });
});

describe('validation (the checks a CRD rule hides from the API)', () => {
  it('MinReplicaCount=%d must be less than MaxReplicaCount=%d, with min as the HPA sees it', () => {
    expect(replicaBoundsError(so({ minReplicaCount: 5, maxReplicaCount: 3 }))).toBe('MinReplicaCount=5 must be less than MaxReplicaCount=3');
    expect(replicaBoundsError(so({ minReplicaCount: 0, idleReplicaCount: 1 }))).toBe('IdleReplicaCount=1 must be less than MinReplicaCount=1');
    const v = validateScaledObject(so({ scaleTargetRef: { name: 'web' }, minReplicaCount: 5, maxReplicaCount: 3, triggers: [{ type: 'kafka', metadata: {} }] }), { operation: 'CREATE', dryRun: false, hpas: [], scaledObjects: [], limitRanges: [], workload: () => undefined, mapper: noMapper });
    expect(v).toEqual({ allowed: false, code: 403, reason: 'Forbidden', message: 'MinReplicaCount=5 must be less than MaxReplicaCount=3' });
  });

  it('admits an UPDATE that only removes finalizers', () => {
    const old = { ...so({ scaleTargetRef: { name: 'web' }, minReplicaCount: 5, maxReplicaCount: 3, triggers: [] }), metadata: { name: 'orders', finalizers: ['finalizer.keda.sh'] } };
    expect(validateScaledObject({ ...old, metadata: { name: 'orders', finalizers: [] } }, { operation: 'UPDATE', oldObject: old, dryRun: false, hpas: [], scaledObjects: [], limitRanges: [], workload: () => undefined, mapper: noMapper })).toEqual({ allowed: true });
  });

  it('a LimitRange default request satisfies the cpu check', () => {
    const dep: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'app' }] } } } };
    const ctx = { operation: 'CREATE' as const, dryRun: false, hpas: [], scaledObjects: [], workload: () => dep, mapper: noMapper };
    const s = so({ scaleTargetRef: { name: 'web' }, minReplicaCount: 1, triggers: [{ type: 'cpu', metadata: { value: '50' } }] });
    expect(validateScaledObject(s, { ...ctx, limitRanges: [] })).toMatchObject({ allowed: false, message: "the scaledobject has a cpu trigger but the container app doesn't have the cpu request defined" });
    const lr: KubeObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'd' }, spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m' } }] } };
    expect(validateScaledObject(s, { ...ctx, limitRanges: [lr] })).toEqual({ allowed: true });
  });
});
