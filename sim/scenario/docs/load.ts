/**
 * `Load`: what a workload's pods use over time. The HPA controller turns it into resource
 * utilization (usage ÷ request per pod) and the VPA recommender into recommendations.
 *
 * @example
 * kind: Load
 * metadata: { name: orders }
 * spec:
 *   target: { kind: Deployment, namespace: shop, name: orders }
 *   containers:
 *     - name: orders              # default: the first container
 *       cpu: { points: [{ at: 0m, value: 600m }, { at: 30m, value: 2400m }], repeat: 1h }
 *       memory: 700Mi
 */
import { z } from 'zod';
import { Curve } from '../curve';
import { NamespacedRef, simDoc } from './common';

export const LoadDoc = simDoc('Load', z.object({
  target: NamespacedRef,
  /**
   * `total` (default): the curve is the demand of all pods together, shared evenly by the ready
   * pods, so more replicas mean less per pod and the HPA converges. `perPod`: each pod uses it.
   */
  per: z.enum(['total', 'perPod']).default('total'),
  containers: z.array(z.object({
    name: z.string().optional(),
    cpu: Curve.optional(),
    memory: Curve.optional(),
  }).strict()).min(1),
}).strict());
export type LoadDoc = z.infer<typeof LoadDoc>;
