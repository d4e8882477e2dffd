/** Where a finding's subject links to: a workload's page, or the page of the workload it acts on. */
import type { ObjectRef } from '../k8s/object';
import { cronHpaHref } from './cronhpa-links';
import { scaledObjectHref } from './keda-links';
import { vpaHref } from './vpa-links';
import { isWorkloadKind } from '../k8s/workload';
import { workloadHref } from '../links';

export function subjectHref(subject: ObjectRef, filedUnder: ObjectRef | undefined): string | undefined {
  if (isWorkloadKind(subject.kind) && subject.namespace) return workloadHref({ namespace: subject.namespace, kind: subject.kind, name: subject.name });
  // A CronHPA has its own page: jobs, next runs, timeline and the retarget action.
  if (subject.kind === 'CronHorizontalPodAutoscaler' && subject.namespace) return cronHpaHref(subject);
  // A ScaledObject too: why it is (not) scaling, its scalers' environment and the refresh action.
  if (subject.kind === 'ScaledObject' && subject.namespace) return scaledObjectHref(subject);
  // A VPA has its own page: recommendations, resize history and the update-mode action.
  if (subject.kind === 'VerticalPodAutoscaler' && subject.namespace) return vpaHref(subject);
  if (filedUnder && isWorkloadKind(filedUnder.kind) && filedUnder.namespace) {
    return `${workloadHref({ namespace: filedUnder.namespace, kind: filedUnder.kind, name: filedUnder.name })}#${anchorOf(subject)}`;
  }
  return undefined;
}

/** The element id of an autoscaler's card on a workload page. */
export function anchorOf(ref: Pick<ObjectRef, 'kind' | 'name'>): string {
  return `${ref.kind}-${ref.name}`.toLowerCase();
}
