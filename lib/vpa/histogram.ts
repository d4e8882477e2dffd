/**
 * The recommender's exponential histogram (kubernetes/autoscaler vertical-pod-autoscaler
 * pkg/recommender/util/histogram.go, histogram_options.go): buckets grow by 5 %, the first is 0.01
 * cores (CPU) or 1e7 bytes (memory), and a percentile answers the *end* of the bucket it falls in.
 */

export interface HistogramOptions {
  maxValue: number;
  firstBucketSize: number;
  ratio: number;
}

export const CPU_HISTOGRAM: HistogramOptions = { maxValue: 1000, firstBucketSize: 0.01, ratio: 1.05 };
export const MEMORY_HISTOGRAM: HistogramOptions = { maxValue: 1e12, firstBucketSize: 1e7, ratio: 1.05 };

export function numBuckets(o: HistogramOptions): number {
  return Math.ceil(Math.log((o.maxValue * (o.ratio - 1)) / o.firstBucketSize + 1) / Math.log(o.ratio)) + 1;
}

export function bucketStart(o: HistogramOptions, bucket: number): number {
  return bucket === 0 ? 0 : (o.firstBucketSize * (o.ratio ** bucket - 1)) / (o.ratio - 1);
}

export function findBucket(o: HistogramOptions, value: number): number {
  if (value < o.firstBucketSize) return 0;
  const b = Math.floor(Math.log((value * (o.ratio - 1)) / o.firstBucketSize + 1) / Math.log(o.ratio));
  return Math.min(b, numBuckets(o) - 1);
}

/** The weighted percentile (0..1) of `samples`, as the end of the bucket it lands in; 0 when empty. */
export function histogramPercentile(o: HistogramOptions, samples: readonly { value: number; weight: number }[], percentile: number): number {
  const weights = new Map<number, number>();
  let total = 0;
  for (const s of samples) {
    if (!(s.weight > 0) || !Number.isFinite(s.value)) continue;
    const b = findBucket(o, Math.max(0, s.value));
    weights.set(b, (weights.get(b) ?? 0) + s.weight);
    total += s.weight;
  }
  if (total === 0) return 0;
  const buckets = [...weights.keys()].sort((a, b) => a - b);
  const threshold = percentile * total;
  let partial = 0;
  let bucket = buckets[buckets.length - 1]!;
  for (const b of buckets) {
    partial += weights.get(b)!;
    if (partial >= threshold) {
      bucket = b;
      break;
    }
  }
  return bucket < numBuckets(o) - 1 ? bucketStart(o, bucket + 1) : bucketStart(o, bucket);
}
