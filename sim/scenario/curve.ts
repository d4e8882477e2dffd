/**
 * A value over simulated time, for load and metric values in scenarios: a constant, or points
 * `{ at, value }` joined linearly (or held, with `interpolate: step`), optionally repeating.
 *
 * @example
 * cpu: 900m                                   # constant
 * cpu: { points: [{ at: 0m, value: 900m }, { at: 30m, value: 2400m }, { at: 60m, value: 900m }], repeat: 1h }
 */
import { z } from 'zod';
import { parseDuration } from '@/lib/duration';
import { parseQuantity } from '@/lib/k8s/quantity';

const duration = z.union([z.string(), z.number()]).refine((v) => parseDuration(v) !== undefined, 'must be a duration like 30s, 5m, 1h30m');
const quantity = z.union([z.string(), z.number()]).refine((v) => parseQuantity(v) !== undefined, 'must be a number or a quantity like 500m, 2Gi');

export const Curve = z.union([
  quantity,
  z.object({
    points: z.array(z.object({ at: duration, value: quantity }).strict()).min(1),
    repeat: duration.optional(),
    interpolate: z.enum(['linear', 'step']).default('linear'),
  }).strict(),
]);
export type Curve = z.infer<typeof Curve>;

/** The curve's value `elapsedMs` after the scenario started, in base units (cores, bytes, plain numbers). */
export function valueAt(curve: Curve, elapsedMs: number): number {
  if (typeof curve !== 'object') return parseQuantity(curve)!;
  const points = curve.points
    .map((p) => ({ at: parseDuration(p.at)!, value: parseQuantity(p.value)! }))
    .sort((a, b) => a.at - b.at);
  const period = curve.repeat === undefined ? undefined : parseDuration(curve.repeat)!;
  const t = period && period > 0 ? ((elapsedMs % period) + period) % period : elapsedMs;
  const first = points[0]!;
  if (t <= first.at) return first.value;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (t < b.at) return curve.interpolate === 'step' ? a.value : a.value + ((b.value - a.value) * (t - a.at)) / (b.at - a.at);
  }
  return points[points.length - 1]!.value;
}
