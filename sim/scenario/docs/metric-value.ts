/**
 * `MetricValue`: the value a metrics source reports over time: a KEDA trigger's metric (served by
 * the simulated `external.metrics.k8s.io`), or a metric a native HPA reads (External, Pods, Object).
 * `error` makes the source fail during the given windows (a scaler error makes KEDA rebuild its
 * scaler cache, as upstream does).
 *
 * @example
 * kind: MetricValue
 * metadata: { name: orders-rate }
 * spec:
 *   trigger: { scaledObject: orders, namespace: shop, trigger: checkout-rate }   # name or index
 *   value: { points: [{ at: 0m, value: 20 }, { at: 20m, value: 180 }], repeat: 40m }
 */
import { z } from 'zod';
import { parseDuration } from '@/lib/duration';
import { Curve } from '../curve';
import { simDoc } from './common';

const window = z.object({ from: z.string(), to: z.string() }).strict()
  .refine((w) => parseDuration(w.from) !== undefined && parseDuration(w.to) !== undefined, 'from/to must be durations since the scenario started');

export const MetricValueDoc = simDoc('MetricValue', z.object({
  trigger: z.object({
    namespace: z.string().min(1),
    scaledObject: z.string().min(1).optional(),
    scaledJob: z.string().min(1).optional(),
    /** The trigger's `name`, or its index in `spec.triggers` as a string ("0", "1"). */
    trigger: z.string().min(1),
  }).strict().refine((t) => !!t.scaledObject !== !!t.scaledJob, 'name exactly one of scaledObject or scaledJob').optional(),
  metric: z.object({
    namespace: z.string().min(1),
    type: z.enum(['External', 'Pods', 'Object']),
    name: z.string().min(1),
  }).strict().optional(),
  value: Curve,
  error: z.array(window).optional(),
}).strict().refine((s) => !!s.trigger !== !!s.metric, 'give exactly one of trigger or metric'));
export type MetricValueDoc = z.infer<typeof MetricValueDoc>;
