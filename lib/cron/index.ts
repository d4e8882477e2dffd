/**
 * CronHPA math, pure: schedules parsed as kubernetes-cronhpa-controller's go-cron parses them
 * (with its error texts) and in words, next runs in a time zone (croner), `excludeDates`, the rule
 * a job follows when it targets an HPA (design §6, seed 004), the projection of a CronHPA's runs
 * over time, and its jobs as KEDA `cron` trigger windows.
 */
export * from './go-duration';
export * from './schedule';
export * from './next-run';
export * from './exclude-dates';
export * from './hpa-target';
export * from './keda-cron';
export * from './runs';
export * from './projection';
export * from './words';
export * from './controller-zone';
export * from './zone-format';
