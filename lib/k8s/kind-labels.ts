/** Short plural names of kinds as people say them ("HPAs", "Canaries"), for headings and counts. */
const PLURALS: Record<string, string> = {
  Deployment: 'Deployments',
  StatefulSet: 'StatefulSets',
  HorizontalPodAutoscaler: 'HPAs',
  ScaledObject: 'ScaledObjects',
  ScaledJob: 'ScaledJobs',
  VerticalPodAutoscaler: 'VPAs',
  CronHorizontalPodAutoscaler: 'CronHPAs',
  Canary: 'Canaries',
  Namespace: 'Namespaces',
};

export function kindPlural(kind: string): string {
  return PLURALS[kind] ?? `${kind}s`;
}
