import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResizeAttempt } from '@/lib/vpa/resize-attempts';
import { MAX_ROWS_PER_VPA, VpaResizeStore } from './vpa-history';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const attempt = (over: Partial<ResizeAttempt & { vpa: string }> = {}): ResizeAttempt & { vpa: string } => ({
  key: 'in-place/ml/p1/model/cpu=587m', namespace: 'ml', pod: 'p1', container: 'model', at: T0, from: { cpu: '100m' }, to: { cpu: '587m' },
  path: 'in-place', outcome: 'deferred', settled: false, evidence: ['spec.resources', 'PodResizePending'], vpa: 'recommender', ...over,
});

describe('VpaResizeStore', () => {
  it('updates an attempt seen again instead of adding a row, and a settled outcome stays', () => {
    const s = new VpaResizeStore(':memory:');
    s.record('c', [attempt()]);
    s.record('c', [attempt({ outcome: 'in-place', settled: true, endedAt: T0 + 60_000 })]);
    s.record('c', [attempt({ outcome: 'error', settled: true, at: T0 - 5000, from: {} })]); // late Event: earlier start, unknown from
    const rows = s.forVpa('c', 'ml', 'recommender', '2000-01-01T00:00:00Z');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'in-place', settled: true, at: new Date(T0 - 5000).toISOString(), from: { cpu: '100m' }, endedAt: new Date(T0 + 60_000).toISOString() });
  });

  it('fills in an unknown `from` when a fuller observation arrives', () => {
    const s = new VpaResizeStore(':memory:');
    s.record('c', [attempt({ from: {}, outcome: 'in-place', settled: true })]);
    s.record('c', [attempt({ outcome: 'in-place', settled: true })]);
    expect(s.forVpa('c', 'ml', 'recommender', '2000-01-01T00:00:00Z')[0]!.from).toEqual({ cpu: '100m' });
  });

  it('groups by VPA, keeps contexts apart, and prunes by age and by count', () => {
    const s = new VpaResizeStore(':memory:', 1);
    s.record('c', [attempt(), attempt({ key: 'eviction/ml/p2/model', pod: 'p2', path: 'eviction', outcome: 'evicted', settled: true, cause: 'none', at: T0 + 1000 }), attempt({ key: 'x', vpa: 'trainer' })]);
    s.record('other', [attempt()]);
    const grouped = s.byVpaSince('c', '2000-01-01T00:00:00Z');
    expect([...grouped.keys()].sort()).toEqual(['ml/recommender', 'ml/trainer']);
    expect(grouped.get('ml/recommender')!.map((r) => r.pod)).toEqual(['p2', 'p1']);
    expect(grouped.get('ml/recommender')![0]).toMatchObject({ cause: 'none', outcome: 'evicted', path: 'eviction' });
    s.prune(new Date(T0 + 86_400_000 + 500));
    expect(s.forVpa('c', 'ml', 'recommender', '2000-01-01T00:00:00Z').map((r) => r.pod)).toEqual(['p2']);

    const many = Array.from({ length: MAX_ROWS_PER_VPA + 5 }, (_, i) => attempt({ key: `k${i}`, at: T0 + 2000 + i }));
    s.record('c', many);
    s.prune(new Date(T0 + 86_400_000 + 500));
    expect(s.forVpa('c', 'ml', 'recommender', '2000-01-01T00:00:00Z', 10_000)).toHaveLength(MAX_ROWS_PER_VPA);
  });

  it('survives a restart: a second store on the same file reads the rows', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sg-vpa-')), 'history.sqlite');
    const a = new VpaResizeStore(file);
    a.record('c', [attempt({ outcome: 'infeasible', settled: true, message: "Node didn't have enough capacity: cpu" })]);
    a.close();
    const b = new VpaResizeStore(file);
    expect(b.forVpa('c', 'ml', 'recommender', '2000-01-01T00:00:00Z')[0]).toMatchObject({ outcome: 'infeasible', message: "Node didn't have enough capacity: cpu", evidence: ['spec.resources', 'PodResizePending'] });
    b.close();
  });
});
