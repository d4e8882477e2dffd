/** The guarded actions and migrations of design §5, by id (a stable contract of the API). */

export const ACTION_IDS = [
  'hpa-to-scaledobject',
  'canary-hpa-to-scaledobject',
  'scaledobject-refresh',
  'keda-operator-restart',
  'cronhpa-retarget',
  'scaledobject-resume',
  'vpa-update-mode',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export const ACTION_LABELS: Record<ActionId, string> = {
  'hpa-to-scaledobject': 'Migrate HPA to ScaledObject',
  'canary-hpa-to-scaledobject': 'Migrate canary HPA to ScaledObject',
  'scaledobject-refresh': 'Refresh KEDA scalers',
  'keda-operator-restart': 'Restart keda-operator',
  'cronhpa-retarget': 'Point CronHPA at the HPA',
  'scaledobject-resume': 'Resume ScaledObject',
  'vpa-update-mode': 'Change VPA update mode',
};

/** One permission an action needs. `namespace: 'target'` means the namespace of the object acted on. */
export interface AccessRequirement {
  verb: string;
  group: string;
  resource: string;
  namespace: 'target' | string;
}

const BACKUP_AND_RECORD: AccessRequirement[] = [
  // The migration's ConfigMap holds backups and step state; Events record every touched object.
  { verb: 'create', group: '', resource: 'configmaps', namespace: 'target' },
  { verb: 'update', group: '', resource: 'configmaps', namespace: 'target' },
  { verb: 'create', group: '', resource: 'events', namespace: 'target' },
];

/** What each action writes (design §5: a SelfSubjectAccessReview per verb/resource the plan touches). */
export const ACTION_REQUIREMENTS: Record<ActionId, AccessRequirement[]> = {
  'hpa-to-scaledobject': [
    { verb: 'create', group: 'keda.sh', resource: 'scaledobjects', namespace: 'target' },
    { verb: 'delete', group: 'keda.sh', resource: 'scaledobjects', namespace: 'target' },
    { verb: 'update', group: 'autoscaling', resource: 'horizontalpodautoscalers', namespace: 'target' },
    ...BACKUP_AND_RECORD,
  ],
  'canary-hpa-to-scaledobject': [
    { verb: 'create', group: 'keda.sh', resource: 'scaledobjects', namespace: 'target' },
    { verb: 'delete', group: 'keda.sh', resource: 'scaledobjects', namespace: 'target' },
    { verb: 'update', group: 'autoscaling', resource: 'horizontalpodautoscalers', namespace: 'target' },
    { verb: 'patch', group: 'flagger.app', resource: 'canaries', namespace: 'target' },
    ...BACKUP_AND_RECORD,
  ],
  'scaledobject-refresh': [{ verb: 'patch', group: 'keda.sh', resource: 'scaledobjects', namespace: 'target' }, ...BACKUP_AND_RECORD],
  'keda-operator-restart': [{ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'keda' }, ...BACKUP_AND_RECORD],
  'cronhpa-retarget': [{ verb: 'patch', group: 'autoscaling.alibabacloud.com', resource: 'cronhorizontalpodautoscalers', namespace: 'target' }, ...BACKUP_AND_RECORD],
  'scaledobject-resume': [{ verb: 'patch', group: 'keda.sh', resource: 'scaledobjects', namespace: 'target' }, ...BACKUP_AND_RECORD],
  'vpa-update-mode': [{ verb: 'patch', group: 'autoscaling.k8s.io', resource: 'verticalpodautoscalers', namespace: 'target' }, ...BACKUP_AND_RECORD],
};

/** "patch scaledobjects.keda.sh in namespace shop" */
export function describeRequirement(r: AccessRequirement, targetNamespace: string): string {
  const ns = r.namespace === 'target' ? targetNamespace : r.namespace;
  return `${r.verb} ${r.resource}${r.group ? `.${r.group}` : ''} in namespace ${ns}`;
}
