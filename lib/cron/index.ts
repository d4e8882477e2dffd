/**
 * CronHPA math, pure: schedules parsed as kubernetes-cronhpa-controller's go-cron parses them
 * (with its error texts), next runs in a time zone (croner), `excludeDates`, and the rule a job
 * follows when it targets an HPA (design §6, seed 004).
 */
export * from './go-duration';
export * from './schedule';
export * from './next-run';
export * from './exclude-dates';
export * from './hpa-target';
