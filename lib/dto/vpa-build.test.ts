import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import { buildScalingGraph } from '../graph/scaling-graph';
import { buildVpas } from './vpa-build';
import type { VpaResizeEntryDto } from './vpa';

const fixture = readFileSync(path.join(__dirname, '../rules/__fixtures__/vpa-resize-stuck/conflict.infeasible.yaml'), 'utf8');
const AUTO = `
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: { name: legacy, namespace: ml }
spec: { targetRef: { apiVersion: apps/v1, kind: Deployment, name: recommender } }`;

const entry = (pod: string, over: Partial<VpaResizeEntryDto> = {}): VpaResizeEntryDto => ({
  pod, container: 'model', at: '2026-11-22T11:58:00Z', from: { cpu: '100m' }, to: { cpu: '6' }, path: 'in-place', outcome: 'infeasible', settled: false, evidence: ['PodResizePending'], ...over,
});

describe('buildVpas', () => {
  const s = snapshotFromYaml(fixture + AUTO);
  const history = [
    entry('recommender-7d9f8b6c5-x2k4q'),
    entry('recommender-7d9f8b6c5-gone1'),
    entry('recommender-7d9f8b6c5-p9m2z', { outcome: 'in-place-with-restart', settled: true, restarts: 1, to: { cpu: '250m' } }),
    entry('recommender-7d9f8b6c5-p9m2z', { outcome: 'in-place', settled: true, to: { cpu: '300m' }, at: '2026-11-22T12:10:00Z' }),
  ];
  const dto = buildVpas(s, buildScalingGraph(s), { history: (ns, name) => (name === 'recommender' ? history : []), findings: [], retentionDays: 14, now: '2026-11-22T12:30:00Z' });
  const rec = dto.items.find((v) => v.name === 'recommender')!;

  it('settles an attempt whose pod is gone (nobody can answer it any more) and keeps waiting on a live one', () => {
    expect(rec.history.map((e) => [e.pod, e.settled])).toEqual([
      ['recommender-7d9f8b6c5-x2k4q', false],
      ['recommender-7d9f8b6c5-gone1', true],
      ['recommender-7d9f8b6c5-p9m2z', true],
      ['recommender-7d9f8b6c5-p9m2z', true],
    ]);
  });

  it('counts the in-place resizes that restarted nothing', () => {
    expect(rec.summary).toMatchObject({ inPlace: 4, nonDisruptive: 1, withRestart: 1, infeasible: 2, nonDisruptiveShare: 0.25, lastAt: '2026-11-22T12:10:00Z' });
  });

  it('reads an absent mode as Auto, acting as Recreate and marked deprecated; both VPAs know of each other', () => {
    const legacy = dto.items.find((v) => v.name === 'legacy')!;
    expect(legacy).toMatchObject({ updateMode: 'Auto', effectiveMode: 'Recreate', deprecatedMode: true, controlledResources: ['cpu', 'memory'], siblings: ['recommender'] });
    expect(rec).toMatchObject({ effectiveMode: 'InPlaceOrRecreate', deprecatedMode: false, siblings: ['legacy'] });
    expect(rec.pods.map((p) => [p.name, p.resize.state])).toEqual([['recommender-7d9f8b6c5-p9m2z', 'none'], ['recommender-7d9f8b6c5-x2k4q', 'infeasible']]);
  });
});
