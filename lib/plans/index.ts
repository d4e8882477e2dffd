/**
 * Registry of pure planners by action id (design §5). The server's guard pipeline looks a planner
 * up here; an action without a planner is not offered as a plan.
 */
import type { ActionId } from '../actions';
import { planCanaryHpaToScaledObject } from './canary-hpa-to-scaledobject';
import { planCronHpaRetarget } from './cronhpa-retarget';
import { planHpaToScaledObject } from './hpa-to-scaledobject';
import { planKedaOperatorRestart } from './keda-operator-restart';
import { planScaledObjectRefresh } from './scaledobject-refresh';
import { planScaledObjectResume } from './scaledobject-resume';
import type { Planner } from './types';
import { planVpaUpdateMode } from './vpa-update-mode';

/** Planners by action id; an action without one is not offered as a plan. */
export const PLANNERS: Partial<Record<ActionId, Planner>> = {
  'hpa-to-scaledobject': planHpaToScaledObject,
  'canary-hpa-to-scaledobject': planCanaryHpaToScaledObject,
  'scaledobject-resume': planScaledObjectResume,
  'scaledobject-refresh': planScaledObjectRefresh,
  'keda-operator-restart': planKedaOperatorRestart,
  'cronhpa-retarget': planCronHpaRetarget,
  'vpa-update-mode': planVpaUpdateMode,
};

/** The planner for an action id, or undefined when the action has no planner yet. */
export function planFor(type: ActionId): Planner | undefined {
  return PLANNERS[type];
}
