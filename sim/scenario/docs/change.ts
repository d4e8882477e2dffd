/**
 * `Change`: something a person does to the cluster after the scenario started, applied as a
 * patch at a simulated time — e.g. seed 002's Kafka consumer group renamed in the Deployment's env
 * three minutes in, which KEDA's cached scaler does not notice.
 *
 * @example
 * kind: Change
 * metadata: { name: rename-consumer-group }
 * spec:
 *   at: 3m
 *   target: { apiVersion: apps/v1, kind: Deployment, namespace: streaming, name: order-events-consumer }
 *   patch:                       # strategic merge (kubectl's default) unless `type` says otherwise
 *     spec: { template: { spec: { containers: [{ name: consumer, env: [{ name: KAFKA_GROUP, value: order-events-v2 }] }] } } }
 */
import { z } from 'zod';
import { parseDuration } from '@/lib/duration';
import { simDoc } from './common';

export const ChangeDoc = simDoc('Change', z.object({
  at: z.union([z.string(), z.number()]).refine((v) => parseDuration(v) !== undefined, 'must be a duration since the scenario started, like 3m'),
  target: z.object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    namespace: z.string().min(1).optional(),
    name: z.string().min(1),
  }).strict(),
  type: z.enum(['strategic', 'merge', 'json']).default('strategic'),
  patch: z.unknown().refine((p) => p !== undefined && p !== null, 'a patch is required'),
  /** Apply while every admission webhook is unreachable (as when KEDA's webhook pod is down). */
  webhooksDown: z.boolean().default(false),
}).strict());
export type ChangeDoc = z.infer<typeof ChangeDoc>;
