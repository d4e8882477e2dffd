import { describe, expect, it } from 'vitest';
import { NOW, snapshotFromYaml } from '@/test/snapshot-builder';
import { buildOverview } from './overview';

const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: keda-operator, namespace: keda, labels: { app: keda-operator } }
spec:
  replicas: 1
  template: { spec: { containers: [{ name: keda-operator, image: "ghcr.io/kedacore/keda:2.16.1" }] } }
status: { readyReplicas: 1 }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: a, namespace: x }
`;

describe('buildOverview', () => {
  it('reports an add-on whose CRDs are absent as not installed, without error', () => {
    const o = buildOverview(snapshotFromYaml(yaml, { absent: ['vpas', 'cronhpas', 'canaries'] }), NOW);
    const byId = Object.fromEntries(o.components.map((c) => [c.id, c]));
    expect(byId.keda).toMatchObject({ installed: true, controller: { namespace: 'keda', name: 'keda-operator', ready: 1, desired: 1, version: '2.16.1' } });
    expect(byId.keda!.kinds).toEqual([{ id: 'scaledobjects', kind: 'ScaledObject', count: 1 }, { id: 'scaledjobs', kind: 'ScaledJob', count: 0 }]);
    expect(byId.vpa).toMatchObject({ installed: false, controller: null });
    expect(o.counts.find((c) => c.id === 'vpas')).toEqual({ id: 'vpas', kind: 'VerticalPodAutoscaler', count: 0, present: false });
  });

  it('says installed-but-no-controller when the CRDs are served but no operator Deployment exists', () => {
    const o = buildOverview(snapshotFromYaml(''), NOW);
    expect(o.components.find((c) => c.id === 'flagger')).toMatchObject({ installed: true, controller: null });
  });

  it('surfaces the oldest stale moment across kinds', () => {
    const s = snapshotFromYaml(yaml);
    const stale = { ...s, kinds: { ...s.kinds, deployments: { state: 'stale' as const, count: 1, staleSince: '2026-11-22T11:00:00Z' }, hpas: { state: 'stale' as const, count: 0, staleSince: '2026-11-22T11:30:00Z' } } };
    expect(buildOverview(stale, NOW).staleSince).toBe('2026-11-22T11:00:00Z');
    expect(buildOverview(s, NOW).staleSince).toBeUndefined();
  });
});
