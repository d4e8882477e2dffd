/**
 * What a CronHPA job does when its scaleTargetRef is an HPA, after kubernetes-cronhpa-controller
 * `pkg/controller/cronjob.go` `ScaleHPA` (design §6, seed 004). With T = the job's targetSize and
 * C = the HPA's `status.currentReplicas`, in this order:
 *
 * 1. T > max → max = T
 * 2. T < min → min = T
 * 3. C == min and T < C → min = T (min as possibly lowered by 2; it can never fire after 2, kept as upstream has it)
 * 4. C < T → min = T
 *
 * The HPA is updated when any rule fired; then C ≥ T skips (the CronHPA never scales down through
 * an HPA), otherwise the HPA's target is scaled to T through `/scale`.
 */

export interface HpaBounds {
  minReplicas: number;
  maxReplicas: number;
  /** `status.currentReplicas` (0 before the HPA controller's first sync). */
  currentReplicas: number;
}

export interface HpaJobOutcome {
  minReplicas: number;
  maxReplicas: number;
  /** The HPA's spec changed and is written back. */
  updateHpa: boolean;
  /** The target is scaled to `targetSize` (C < T). */
  scaleTarget: boolean;
}

/**
 * The HPA bounds after a job of `targetSize`, and whether the target is scaled.
 *
 * @example applyJobToHpa(5, { minReplicas: 1, maxReplicas: 10, currentReplicas: 5 }) // unchanged, skip
 * @example applyJobToHpa(11, { minReplicas: 5, maxReplicas: 10, currentReplicas: 5 }) // 11/11, scale to 11
 */
export function applyJobToHpa(targetSize: number, hpa: HpaBounds): HpaJobOutcome {
  const t = targetSize;
  const c = hpa.currentReplicas;
  let { minReplicas: min, maxReplicas: max } = hpa;
  let update = false;
  if (t > max) {
    max = t;
    update = true;
  }
  if (t < min) {
    min = t;
    update = true;
  }
  if (c === min && t < c) {
    min = t;
    update = true;
  }
  if (c < t) {
    min = t;
    update = true;
  }
  return { minReplicas: min, maxReplicas: max, updateHpa: update, scaleTarget: !(c >= t) };
}

/**
 * The job result texts upstream puts after `cron hpa job <name> executed successfully. `. Both
 * print the target's `/scale` spec.replicas as "current replicas", even though the skip decision
 * used the HPA's status.currentReplicas.
 */
export const hpaJobMessage = {
  skipped: (hpaName: string, scaleSpecReplicas: number, targetSize: number): string =>
    `Skip scale replicas because HPA ${hpaName} current replicas:${scaleSpecReplicas} >= desired replicas:${targetSize}.`,
  scaled: (scaleSpecReplicas: number, targetSize: number): string => `current replicas:${scaleSpecReplicas}, desired replicas:${targetSize}.`,
};
