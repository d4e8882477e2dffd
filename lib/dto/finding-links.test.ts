import { describe, expect, it } from 'vitest';
import { anchorOf, subjectHref } from './finding-links';

const ref = (kind: string, name: string, namespace = 'streaming') => ({ apiVersion: 'v1', kind, namespace, name });

describe('subjectHref', () => {
  it('a ScaledObject links to its KEDA page, whatever it is filed under', () => {
    const so = ref('ScaledObject', 'order-events-consumer');
    expect(subjectHref(so, ref('Deployment', 'order-events-consumer'))).toBe('/keda/streaming/order-events-consumer');
    expect(subjectHref(so, undefined)).toBe('/keda/streaming/order-events-consumer');
    expect(subjectHref(ref('ScaledObject', 'a b', 'x/y'), undefined)).toBe('/keda/x%2Fy/a%20b');
  });

  it('sends a VPA named by vpa-resize-stuck, vpa-hpa-same-resource or vpa-overlap to its own page', () => {
    const vpa = { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', namespace: 'ml', name: 'recommender' };
    expect(subjectHref(vpa, ref('Deployment', 'recommender', 'ml'))).toBe('/vpa/ml/recommender');
    expect(subjectHref({ ...vpa, name: 'a b' }, undefined)).toBe('/vpa/ml/a%20b');
  });

  it('workloads link to their page, CronHPAs to theirs, other autoscalers to their card on the workload', () => {
    expect(subjectHref(ref('Deployment', 'web'), undefined)).toBe('/workloads/streaming/Deployment/web');
    expect(subjectHref(ref('CronHorizontalPodAutoscaler', 'peak'), undefined)).toBe('/cronhpa/streaming/peak');
    const hpa = ref('HorizontalPodAutoscaler', 'web');
    expect(subjectHref(hpa, ref('Deployment', 'web'))).toBe(`/workloads/streaming/Deployment/web#${anchorOf(hpa)}`);
    expect(subjectHref(hpa, undefined)).toBeUndefined();
  });
});
