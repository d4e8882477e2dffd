import { expect, it } from 'vitest';
import type { KubeObject } from '../k8s/object';
import { metricsRecommendation } from './recommendation';

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
