/** The rule registry: every rule of design §4, one file each, in id order. */
import { canaryPrimaryDrift } from './canary-primary-drift';
import { canaryPrimaryPaused } from './canary-primary-paused';
import { canaryPrimaryScalerBlocked } from './canary-primary-scaler-blocked';
import { cronhpaBypassesHpa } from './cronhpa-bypasses-hpa';
import { cronhpaInvalidSchedule } from './cronhpa-invalid-schedule';
import { cronhpaJobFailed } from './cronhpa-job-failed';
import { cronhpaOnKedaHpa } from './cronhpa-on-keda-hpa';
import { cronhpaScaleDownSkipped } from './cronhpa-scale-down-skipped';
import { hpaAndScaledObject } from './hpa-and-scaledobject';
import { hpaAtMax } from './hpa-at-max';
import { hpaOverlap } from './hpa-overlap';
import { hpaUnableToScale } from './hpa-unable-to-scale';
import { scaleTargetMissing } from './scale-target-missing';
import { scaledObjectActivationDominates } from './scaledobject-activation-dominates';
import { scaledObjectCpuMemoryWithoutRequests } from './scaledobject-cpu-memory-without-requests';
import { scaledObjectNotReady } from './scaledobject-not-ready';
import { scaledObjectOverlap } from './scaledobject-overlap';
import { scaledObjectPaused } from './scaledobject-paused';
import { scaledObjectStaleEnv } from './scaledobject-stale-env';
import { vpaHpaSameResource } from './vpa-hpa-same-resource';
import { vpaOverlap } from './vpa-overlap';
import { vpaResizeStuck } from './vpa-resize-stuck';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  canaryPrimaryDrift,
  canaryPrimaryPaused,
  canaryPrimaryScalerBlocked,
  cronhpaBypassesHpa,
  cronhpaInvalidSchedule,
  cronhpaJobFailed,
  cronhpaOnKedaHpa,
  cronhpaScaleDownSkipped,
  hpaAndScaledObject,
  hpaAtMax,
  hpaOverlap,
  hpaUnableToScale,
  scaleTargetMissing,
  scaledObjectActivationDominates,
  scaledObjectCpuMemoryWithoutRequests,
  scaledObjectNotReady,
  scaledObjectOverlap,
  scaledObjectPaused,
  scaledObjectStaleEnv,
  vpaHpaSameResource,
  vpaOverlap,
  vpaResizeStuck,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
