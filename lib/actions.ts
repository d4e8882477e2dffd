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
