/** The findings (design §4 rule ids) each migration is meant to clear and must not leave behind. */

/** A workload moved from an HPA to a ScaledObject. */
export const HPA_MIGRATION_RULES = [
  'hpa-and-scaledobject',
  'hpa-overlap',
  'scaledobject-overlap',
  'scaledobject-not-ready',
  'scaledobject-cpu-memory-without-requests',
] as const;

/** Both sides of a Canary moved to ScaledObjects. */
export const CANARY_MIGRATION_RULES = [
  ...HPA_MIGRATION_RULES,
  'canary-primary-scaler-blocked',
  'canary-primary-paused',
] as const;
