/**
 * The autoscaling/v1 view of HorizontalPodAutoscalers stored as autoscaling/v2, after kube's
 * conversion: a CPU Utilization Resource metric is `targetCPUUtilizationPercentage`; everything v1
 * cannot say travels in `autoscaling.alpha.kubernetes.io/*` annotations so a v1 round-trip keeps it.
 */
import type { JsonObject, JsonValue, KubeObject } from '@/lib/k8s/object';
import type { VersionConverter } from '../registry/types';
import { clone, isJsonObject } from '../store/json';

const A = 'autoscaling.alpha.kubernetes.io/';
const METRICS = `${A}metrics`;
const CURRENT = `${A}current-metrics`;
const CONDITIONS = `${A}conditions`;
const BEHAVIOR = `${A}behavior`;

const isCpuUtil = (m: JsonValue): boolean =>
  isJsonObject(m) && m.type === 'Resource' && isJsonObject(m.resource) && m.resource.name === 'cpu' && isJsonObject(m.resource.target) && m.resource.target.type === 'Utilization';

function parse(annotations: Record<string, string>, key: string): JsonValue | undefined {
  const raw = annotations[key];
  delete annotations[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return undefined;
  }
}

export const hpaV1Converter: VersionConverter = {
  fromStorage(obj: KubeObject): KubeObject {
    const o = clone(obj) as unknown as JsonObject;
    const spec = isJsonObject(o.spec) ? o.spec : {};
    const status = isJsonObject(o.status) ? o.status : undefined;
    const meta = o.metadata as JsonObject;
    const annotations: Record<string, string> = { ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
    const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
    const cpu = metrics.find(isCpuUtil) as JsonObject | undefined;
    const others = metrics.filter((m) => !isCpuUtil(m));
    if (others.length) annotations[METRICS] = JSON.stringify(others);
    if (spec.behavior !== undefined) annotations[BEHAVIOR] = JSON.stringify(spec.behavior);
    const v1Spec: JsonObject = { scaleTargetRef: spec.scaleTargetRef ?? {}, maxReplicas: spec.maxReplicas ?? 0 };
    if (spec.minReplicas !== undefined) v1Spec.minReplicas = spec.minReplicas;
    const target = cpu && isJsonObject(cpu.resource) && isJsonObject(cpu.resource.target) ? cpu.resource.target.averageUtilization : undefined;
    if (target !== undefined) v1Spec.targetCPUUtilizationPercentage = target;
    o.spec = v1Spec;
    if (status) {
      const v1Status: JsonObject = { currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0 };
      for (const k of ['observedGeneration', 'lastScaleTime']) if (status[k] !== undefined) v1Status[k] = status[k]!;
      const current = Array.isArray(status.currentMetrics) ? status.currentMetrics : [];
      const cpuNow = current.find((m) => isJsonObject(m) && m.type === 'Resource' && isJsonObject(m.resource) && m.resource.name === 'cpu') as JsonObject | undefined;
      const util = cpuNow && isJsonObject(cpuNow.resource) && isJsonObject(cpuNow.resource.current) ? cpuNow.resource.current.averageUtilization : undefined;
      if (util !== undefined) v1Status.currentCPUUtilizationPercentage = util;
      const otherNow = current.filter((m) => m !== cpuNow);
      if (otherNow.length) annotations[CURRENT] = JSON.stringify(otherNow);
      if (Array.isArray(status.conditions) && status.conditions.length) annotations[CONDITIONS] = JSON.stringify(status.conditions);
      o.status = v1Status;
    }
    if (Object.keys(annotations).length) meta.annotations = annotations;
    o.apiVersion = 'autoscaling/v1';
    return o as unknown as KubeObject;
  },

  toStorage(obj: KubeObject): KubeObject {
    const o = clone(obj) as unknown as JsonObject;
    const spec = isJsonObject(o.spec) ? o.spec : {};
    const meta = o.metadata as JsonObject;
    const annotations: Record<string, string> = { ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
    const others = parse(annotations, METRICS);
    const behavior = parse(annotations, BEHAVIOR);
    const current = parse(annotations, CURRENT);
    const conditions = parse(annotations, CONDITIONS);
    const metrics: JsonValue[] = [];
    if (typeof spec.targetCPUUtilizationPercentage === 'number') {
      metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
    }
    if (Array.isArray(others)) metrics.push(...others);
    const v2Spec: JsonObject = { scaleTargetRef: spec.scaleTargetRef ?? {}, maxReplicas: spec.maxReplicas ?? 0 };
    if (spec.minReplicas !== undefined) v2Spec.minReplicas = spec.minReplicas;
    if (metrics.length) v2Spec.metrics = metrics;
    if (behavior !== undefined) v2Spec.behavior = behavior;
    o.spec = v2Spec;
    if (isJsonObject(o.status)) {
      const s = o.status;
      const v2Status: JsonObject = { currentReplicas: s.currentReplicas ?? 0, desiredReplicas: s.desiredReplicas ?? 0 };
      for (const k of ['observedGeneration', 'lastScaleTime']) if (s[k] !== undefined) v2Status[k] = s[k]!;
      const cm: JsonValue[] = [];
      if (typeof s.currentCPUUtilizationPercentage === 'number') cm.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: s.currentCPUUtilizationPercentage } } });
      if (Array.isArray(current)) cm.push(...current);
      if (cm.length) v2Status.currentMetrics = cm;
      if (Array.isArray(conditions)) v2Status.conditions = conditions;
      o.status = v2Status;
    }
    if (Object.keys(annotations).length) meta.annotations = annotations;
    else delete meta.annotations;
    o.apiVersion = 'autoscaling/v2';
    return o as unknown as KubeObject;
  },
};
