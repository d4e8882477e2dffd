/** Alibaba CronHorizontalPodAutoscaler (autoscaling.alibabacloud.com/v1beta1): scheduled scaling. */
import type { KubeObject } from './object';
import { at, int, list, str } from './fields';
import { memoByObject } from './memo';
import { readScaleTarget, type ScaleTarget } from './scale-target';

export const CRON_HPA_GVK = { group: 'autoscaling.alibabacloud.com', version: 'v1beta1', kind: 'CronHorizontalPodAutoscaler', plural: 'cronhorizontalpodautoscalers' } as const;

export interface CronJobSpec {
  name: string;
  schedule: string;
  targetSize?: number;
  runOnce: boolean;
}

export const CronHpa = {
  /** The workload or the HPA the CronHPA writes to. */
  scaleTarget: memoByObject((c: KubeObject): ScaleTarget | undefined => readScaleTarget(at(c.spec, 'scaleTargetRef'), c.metadata.namespace)),
  /** Read once per (immutable) object; callers must not mutate the result. */
  jobs: memoByObject((c: KubeObject): CronJobSpec[] => list(at(c.spec, 'jobs')).map((j) => ({
    name: str(at(j, 'name')) ?? '',
    schedule: str(at(j, 'schedule')) ?? '',
    targetSize: int(at(j, 'targetSize')),
    runOnce: at(j, 'runOnce') === true,
  }))),
};
