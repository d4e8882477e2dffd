/**
 * Registry of pure planners by action id (design §5). The server's guard pipeline looks a planner
 * up here; an action without a planner is not offered as a plan.
 */
import type { ActionId } from '../actions';
import type { Planner } from './types';

/** Planners by action id; filled in as planners land. */
export const PLANNERS: Partial<Record<ActionId, Planner>> = {};

/** The planner for an action id, or undefined when the action has no planner yet. */
export function planFor(type: ActionId): Planner | undefined {
  return PLANNERS[type];
}
