import { expect, it } from 'vitest';
import type { KubeObject } from '../k8s/object';
import { metricsDemand, metricsRecommendation, wishAt } from './recommendation';

const hpa = (status: unknown, metrics: unknown[]) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { metrics }, status }) as KubeObject;
const cpu = (u: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: u } } });

it('reads what the metrics ask for, the largest over metrics', () => {
  expect(metricsRecommendation(hpa({ currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }] }, [cpu(50)]))).toBe(3);
  expect(metricsRecommendation(hpa({ currentReplicas: 6, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20 } } }] }, [cpu(50)]))).toBe(3);
  expect(metricsRecommendation(hpa({ currentReplicas: 2, currentMetrics: [
    { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50 } } },
    { type: 'External', external: { metric: { name: 'q' }, current: { averageValue: '300' } } },
  ] }, [cpu(50), { type: 'External', external: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '100' } } }]))).toBe(6);
});

it('is undefined when the status does not report every metric', () => {
  expect(metricsRecommendation(hpa({ currentReplicas: 3 }, [cpu(50)]))).toBeUndefined();
  expect(metricsRecommendation(hpa({ currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: {} } }] }, [cpu(50)]))).toBeUndefined();
  expect(metricsRecommendation(hpa(null, [cpu(50)]))).toBeUndefined();
});

const cpuAt = (current: number, utilization: number) => hpa({ currentReplicas: current, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: utilization } } }] }, [cpu(50)]);

it('keeps the count when the usage is within the tolerance of the target, as the HPA controller does', () => {
  // 3 pods at 53 % of a 50 % target: ratio 1.06, no change (upstream: |1 - ratio| <= 0.1)
  expect(metricsRecommendation(cpuAt(3, 53))).toBe(3);
  expect(metricsDemand(cpuAt(3, 53))).toBeCloseTo(3.18);
  // 2 pods at 45 %: ratio 0.9, exactly at the tolerance: no change
  expect(metricsRecommendation(cpuAt(2, 45))).toBe(2);
  expect(metricsRecommendation(cpuAt(2, 44))).toBe(2); // ceil(1.76)
  expect(metricsRecommendation(cpuAt(2, 56))).toBe(3); // ratio 1.12: ceil(2.24)
});

it('wishAt: the same load asks for the same count from anywhere outside the tolerance band', () => {
  expect(wishAt(5, 3.18)).toBe(4);
  expect(wishAt(4, 3.18)).toBe(4);
  expect(wishAt(3, 3.18)).toBe(3);
  expect(wishAt(0, 3.18)).toBe(4);
  expect(wishAt(4, 3.18, 0.3)).toBe(4);
});
