/**
 * The HPA controller's arithmetic as pure functions (upstream kubernetes/kubernetes
 * `pkg/controller/podautoscaler`): per-metric replica proposals with tolerance and pod readiness,
 * the maximum over metrics, stabilization windows and `behavior` policies, and the status texts.
 * The simulator's HPA controller runs on it; the dashboard uses it to explain what an HPA wants.
 */
export * from './replica-calculator';
export * from './stabilization';
export * from './desired';
export * from './status-format';
export * from './recommendation';
