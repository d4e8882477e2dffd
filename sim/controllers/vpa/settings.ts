/**
 * Settings of the simulated VPA (recommender, updater, admission controller) and of the simulated
 * kubelet's pod resize, from `Scenario.spec.controllers.vpa`:
 *
 * ```yaml
 * controllers:
 *   vpa:
 *     recommenderInterval: 1m     # --recommender-interval
 *     updaterInterval: 1m         # --updater-interval
 *     minReplicas: 2              # --min-replicas (a VPA's updatePolicy.minReplicas wins)
 *     evictionTolerance: 0.5      # --eviction-tolerance
 *     resizeStatus: auto          # auto | conditions | legacy | both: how the kubelet reports resizes
 *     node: { cpu: "4", memory: 16Gi }   # capacity quoted in PodResizePending messages
 * ```
 * `resizeStatus: auto` uses the 1.33+ pod conditions when the server version is v1.33 or later,
 * else the older `status.resize` field.
 */
import { z } from 'zod';
import { parseDuration } from '@/lib/duration';
import { parseQuantity } from '@/lib/k8s/quantity';

const duration = z.string().refine((d) => parseDuration(d) !== undefined, 'must be a duration like 1m');
const quantity = z.union([z.string(), z.number()]).refine((q) => parseQuantity(q) !== undefined, 'must be a quantity');

export const VpaSettings = z.object({
  recommenderInterval: duration.default('1m'),
  updaterInterval: duration.default('1m'),
  minReplicas: z.number().int().min(1).default(2),
  evictionTolerance: z.number().min(0).max(1).default(0.5),
  resizeStatus: z.enum(['auto', 'conditions', 'legacy', 'both']).default('auto'),
  node: z.object({ cpu: quantity.default('4'), memory: quantity.default('16Gi') }).strict().default({ cpu: '4', memory: '16Gi' }),
}).strict();
export type VpaSettings = z.infer<typeof VpaSettings>;
