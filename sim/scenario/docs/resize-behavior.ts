/**
 * `ResizeBehavior`: how the simulated kubelet answers in-place resizes of a workload's pods, one
 * outcome per attempt in order (the last repeats), so a scenario can show every outcome of
 * seed 001: `resized`, `resized-with-restart`, `deferred`, `infeasible`, `error`.
 *
 * @example
 * kind: ResizeBehavior
 * metadata: { name: recommender }
 * spec:
 *   target: { kind: Deployment, namespace: ml, name: recommender }
 *   outcomes: [resized, resized-with-restart, deferred, infeasible, error]
 *   deferredFor: 7m        # a Deferred resize stays pending this long (the updater gives up after 5m)
 */
import { z } from 'zod';
import { parseDuration } from '@/lib/duration';
import { NamespacedRef, simDoc } from './common';

export const RESIZE_OUTCOMES = ['resized', 'resized-with-restart', 'deferred', 'infeasible', 'error'] as const;
export type ResizeOutcome = (typeof RESIZE_OUTCOMES)[number];

export const ResizeBehaviorDoc = simDoc('ResizeBehavior', z.object({
  target: NamespacedRef,
  outcomes: z.array(z.enum(RESIZE_OUTCOMES)).min(1),
  deferredFor: z.string().refine((d) => parseDuration(d) !== undefined, 'must be a duration').optional(),
  /** How long an in-progress resize takes before it completes (or errors). */
  inProgressFor: z.string().refine((d) => parseDuration(d) !== undefined, 'must be a duration').optional(),
}).strict());
export type ResizeBehaviorDoc = z.infer<typeof ResizeBehaviorDoc>;
