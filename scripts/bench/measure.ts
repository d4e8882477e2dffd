/** Small measuring helpers for the benchmark: timing, percentiles, formatting. */

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);

export interface Row {
  measure: string;
  value: string;
  target?: string;
  verdict?: 'met' | 'missed' | 'info';
}

export function printTable(rows: Row[]): void {
  const head = ['measure', 'value', 'target', ''];
  const cells = rows.map((r) => [r.measure, r.value, r.target ?? '', r.verdict === 'met' ? 'met' : r.verdict === 'missed' ? 'MISSED' : '']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}
