import { describe, expect, it } from 'vitest';
import { applyPrimaryConfigs, configRefKeys } from './config-refs';
import { computeHash } from './hash';
import { includeLabelsByPrefix, makePrimaryLabels, selectorLabel } from './naming';
import { compareReleases, copiesScaledObjectAnnotations } from './release';
import { primaryScaledObjectMeta, primaryScaledObjectSpec, rewriteQuery } from './scalers';
import { makeStatusConditions, maxWeight, nextStepWeight } from './status';

describe('flagger releases', () => {
  it('copies ScaledObject annotations from 1.38.0 on (flagger#1677)', () => {
    expect(copiesScaledObjectAnnotations('1.37.0')).toBe(false);
    expect(copiesScaledObjectAnnotations('1.38.0')).toBe(true);
    expect(copiesScaledObjectAnnotations('v1.44.0')).toBe(true);
    expect(compareReleases('1.9.0', '1.10.0')).toBeLessThan(0);
  });
});

describe('naming', () => {
  it('keeps nothing with the default empty label prefix, everything with *', () => {
    expect(includeLabelsByPrefix({ app: 'a', 'kustomize.toolkit.fluxcd.io/name': 'x' }, [''])).toEqual({});
    expect(includeLabelsByPrefix({ app: 'a', 'kustomize.toolkit.fluxcd.io/name': 'x' }, ['*'])).toEqual({ app: 'a' });
  });
  it('derives primary labels and finds the selector label', () => {
    expect(makePrimaryLabels({ app: 'podinfo', tier: 'web' }, 'podinfo-primary', 'app')).toEqual({ app: 'podinfo-primary', tier: 'web' });
    expect(selectorLabel({ 'app.kubernetes.io/name': 'x' })).toEqual({ label: 'app.kubernetes.io/name', value: 'x' });
  });
});

describe('primary ScaledObject', () => {
  const so = { scaleTargetRef: { name: 'podinfo' }, minReplicaCount: 2, maxReplicaCount: 6, advanced: { horizontalPodAutoscalerConfig: { name: 'podinfo' } }, triggers: [{ type: 'prometheus', metadata: { query: 'sum(rate(http{app="podinfo-canary"}[1m])) + sum(rate(http{app="podinfo"}[1m]))' } }] };
  it('after #1677: targets the primary, names the HPA <name>-primary, copies annotations', () => {
    const spec = primaryScaledObjectSpec(so, 'podinfo', {}, true);
    expect(spec).toMatchObject({ scaleTargetRef: { name: 'podinfo-primary' }, advanced: { horizontalPodAutoscalerConfig: { name: 'podinfo-primary' } } });
    expect(primaryScaledObjectMeta({ team: 'a' }, { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' }, true).annotations).toEqual({ 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' });
  });
  it('before #1677: advanced copied as is, no annotations', () => {
    expect(primaryScaledObjectSpec(so, 'podinfo', {}, false)).toMatchObject({ advanced: { horizontalPodAutoscalerConfig: { name: 'podinfo' } } });
    expect(primaryScaledObjectMeta({ team: 'a' }, { x: 'y' }, false)).toEqual({ labels: { team: 'a' } });
  });
  it('rewrites queries to the primary without doubling suffixes', () => {
    expect(rewriteQuery('a{app="podinfo-canary"} b{app="podinfo"}', 'podinfo')).toBe('a{app="podinfo-primary"} b{app="podinfo-primary"}');
  });
});

describe('status', () => {
  it('keeps conditions when Promoted would not change, keeps the transition time on a reason change', () => {
    const init = makeStatusConditions([], 'Initialized', 'Deployment', 't1')!;
    expect(init[0]).toMatchObject({ status: 'True', reason: 'Initialized', message: 'Deployment initialization completed.' });
    expect(makeStatusConditions(init, 'Initialized', 'Deployment', 't2')).toBeUndefined();
    const ok = makeStatusConditions(init, 'Succeeded', 'Deployment', 't3')!;
    expect(ok[0]).toMatchObject({ reason: 'Succeeded', lastTransitionTime: 't1', lastUpdateTime: 't3' });
  });
  it('steps weights like the scheduler', () => {
    expect(maxWeight({ stepWeight: 10, maxWeight: 50 })).toBe(50);
    expect(nextStepWeight({ stepWeight: 10 }, 20)).toBe(10);
    expect(nextStepWeight({ stepWeights: [5, 20, 60] }, 0)).toBe(5);
    expect(nextStepWeight({ stepWeights: [5, 20, 60] }, 5)).toBe(15);
    expect(maxWeight({ stepWeights: [5, 20, 60] })).toBe(60);
  });
});

describe('config refs and hash', () => {
  const spec = { volumes: [{ name: 'c', configMap: { name: 'cfg' } }], containers: [{ name: 'a', envFrom: [{ secretRef: { name: 'sec' } }] }] };
  it('finds and rewrites tracked configs', () => {
    expect(configRefKeys(spec)).toEqual(['configmap/cfg', 'secret/sec']);
    expect(applyPrimaryConfigs(spec, new Set(['configmap/cfg']))).toMatchObject({ volumes: [{ configMap: { name: 'cfg-primary' } }], containers: [{ envFrom: [{ secretRef: { name: 'sec' } }] }] });
  });
  it('hashes independently of key order', () => {
    expect(computeHash({ a: 1, b: [1, 2] })).toBe(computeHash({ b: [1, 2], a: 1 }));
    expect(computeHash({ a: 1 })).not.toBe(computeHash({ a: 2 }));
    expect(computeHash({ a: 1 })).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

describe('primary ScaledObject spec drops what Flagger\'s KEDA types cannot hold', () => {
  it('omits initialCooldownPeriod, scalingModifiers, fallback.behavior and useCachedMetrics', () => {
    const spec = primaryScaledObjectSpec({
      scaleTargetRef: { name: 'web' }, initialCooldownPeriod: 120, minReplicaCount: 1,
      advanced: { restoreToOriginalReplicaCount: true, scalingModifiers: { formula: 'a+b', target: '2' } },
      fallback: { failureThreshold: 3, replicas: 2, behavior: 'currentReplicasIfHigher' },
      triggers: [{ type: 'cpu', metadata: { value: '60' }, useCachedMetrics: true, metricType: 'Utilization' }],
    }, 'web', {}, false);
    expect(spec).toEqual({
      scaleTargetRef: { name: 'web-primary' }, minReplicaCount: 1,
      advanced: { restoreToOriginalReplicaCount: true },
      fallback: { failureThreshold: 3, replicas: 2 },
      triggers: [{ type: 'cpu', metadata: { value: '60' }, metricType: 'Utilization' }],
    });
  });
});
