/**
 * Quantities as the VPA writes them: CPU as a milli-quantity and memory as a byte count, both
 * DecimalSI, printed in apimachinery's canonical form (`587m`, `2`, `131072k`, `318166666`).
 */

const SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** Canonical DecimalSI text of an integer count of `10^(3*scaleIndex)` units (scaleIndex -1 = milli). */
function canonicalDecimal(value: bigint, scale: number): string {
  if (value === 0n) return '0';
  const neg = value < 0n;
  let v = neg ? -value : value;
  let s = scale;
  while (v % 1000n === 0n && s < SUFFIXES.length - 1) {
    v /= 1000n;
    s++;
  }
  const suffix = s === -1 ? 'm' : SUFFIXES[s]!;
  return `${neg ? '-' : ''}${v}${suffix}`;
}

/** Millicores → `587m`, `2`, `1500m`. */
export function formatCpuMilli(millicores: number): string {
  return canonicalDecimal(BigInt(Math.trunc(millicores)), -1);
}

/** Bytes → `131072k`, `318166666`, `1G`. */
export function formatMemoryBytes(bytes: number): string {
  return canonicalDecimal(BigInt(Math.trunc(bytes)), 0);
}

/** A resource amount in the VPA's internal units (millicores, bytes) printed for its resource. */
export function formatVpaAmount(resource: string, amount: number): string {
  return resource === 'cpu' ? formatCpuMilli(amount) : formatMemoryBytes(amount);
}
