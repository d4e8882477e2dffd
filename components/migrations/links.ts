/** Where the migration pages live, and which object a finding's action is planned for. */
import type { ActionId } from '@/lib/actions';
import type { ObjectRef } from '@/lib/k8s/object';
import type { PlanTarget } from '@/lib/plans/types';

/** The wizard for an action on a target: `/migrations/new?type=…&namespace=…&kind=…&name=…`. */
export function planHref(type: ActionId | string, target: PlanTarget): string {
  const p = new URLSearchParams({ type, namespace: target.namespace, kind: target.kind, name: target.name });
  return `/migrations/new?${p.toString()}`;
}

export function migrationHref(id: string): string {
  return `/migrations/${encodeURIComponent(id)}`;
}

/** The kind each action acts on, when a finding names one among its subjects. */
const ACTS_ON: Partial<Record<ActionId, string>> = {
  'canary-hpa-to-scaledobject': 'Canary',
  'scaledobject-refresh': 'ScaledObject',
  'scaledobject-resume': 'ScaledObject',
  'cronhpa-retarget': 'CronHorizontalPodAutoscaler',
  'vpa-update-mode': 'VerticalPodAutoscaler',
};

/**
 * The object to plan an action for: the subject of the kind the action acts on (a canary migration
 * plans for the Canary, a resume for the ScaledObject …), else the finding's first subject — the
 * workload it is filed under.
 */
export function actionTarget(id: string, subjects: ObjectRef[]): PlanTarget | undefined {
  const kind = ACTS_ON[id as ActionId];
  const s = (kind && subjects.find((x) => x.kind === kind)) || subjects[0];
  return s ? { namespace: s.namespace ?? '', kind: s.kind, name: s.name } : undefined;
}
