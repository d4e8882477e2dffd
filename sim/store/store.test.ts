import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { ManualClock } from '../clock';
import { Store } from './store';

const obj = (name: string, namespace?: string, spec: unknown = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Thing', metadata: { name, namespace }, spec });

describe('Store', () => {
  it('hands out one global, increasing resourceVersion and the clock time', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const s = new Store({ clock });
    s.define('a', { namespaced: true, generation: 'none' });
    s.define('b', { namespaced: false, generation: 'none' });
    const x = s.create('a', obj('x', 'ns'));
    clock.advance(61_000);
    const y = s.create('b', obj('y'));
    expect(Number(y.metadata.resourceVersion)).toBe(Number(x.metadata.resourceVersion) + 1);
    expect(x.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(y.metadata.creationTimestamp).toBe('2026-01-01T00:01:01Z');
    expect(Object.isFrozen(x.metadata)).toBe(true);
  });

  it('bumps generation only for changes outside metadata (and status, with a status subresource)', () => {
    const s = new Store({ clock: new ManualClock() });
    s.define('d', { namespaced: true, generation: 'spec' });
    const a = s.create('d', obj('x', 'ns', { r: 1 }));
    expect(a.metadata.generation).toBe(1);
    const labels = s.update('d', { ...a, metadata: { ...a.metadata, labels: { l: '1' } } });
    expect(labels.metadata.generation).toBe(1);
    const status = s.update('d', { ...labels, status: { ready: true } });
    expect(status.metadata.generation).toBe(1);
    const spec = s.update('d', { ...status, spec: { r: 2 } });
    expect(spec.metadata.generation).toBe(2);
  });

  it('lists in namespace-then-name order and by namespace', () => {
    const s = new Store({ clock: new ManualClock() });
    s.define('d', { namespaced: true, generation: 'none' });
    for (const [ns, n] of [['b', 'z'], ['a-b', 'x'], ['a', 'y'], ['a', 'b']]) s.create('d', obj(n!, ns));
    expect(s.list('d').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['a-b/x', 'a/b', 'a/y', 'b/z']);
    expect(s.list('d', 'a').map((o) => o.metadata.name)).toEqual(['b', 'y']);
  });

  it('replays events after a resourceVersion until they are compacted away', () => {
    const s = new Store({ clock: new ManualClock(), eventLogCapacity: 3 });
    s.define('d', { namespaced: false, generation: 'none' });
    const first = s.create('d', obj('a'));
    s.create('d', obj('b'));
    expect(s.eventsSince('d', Number(first.metadata.resourceVersion))?.map((e) => e.object.metadata.name)).toEqual(['b']);
    s.create('d', obj('c'));
    s.create('d', obj('d'));
    s.remove('d', undefined, 'a');
    expect(s.eventsSince('d', Number(first.metadata.resourceVersion))).toBeUndefined();
    expect(s.eventsSince('d', s.compactedRv('d'))?.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:c', 'ADDED:d', 'DELETED:a']);
  });

  it('indexes owners for the garbage collector', () => {
    const s = new Store({ clock: new ManualClock() });
    s.define('d', { namespaced: false, generation: 'none' });
    const owner = s.create('d', obj('owner'));
    const dep = s.create('d', { ...obj('dep'), metadata: { name: 'dep', ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'owner', uid: owner.metadata.uid! }] } });
    expect(s.dependentsOf(owner.metadata.uid!).map((d) => d.object.metadata.name)).toEqual(['dep']);
    s.update('d', { ...dep, metadata: { ...dep.metadata, ownerReferences: undefined } });
    expect(s.dependentsOf(owner.metadata.uid!)).toEqual([]);
  });

  it('keeps 10,000 objects with constant-time reads', () => {
    const s = new Store({ clock: new ManualClock(), eventLogCapacity: 100 });
    s.define('d', { namespaced: true, generation: 'spec' });
    for (let i = 0; i < 10_000; i++) s.create('d', obj(`d-${String(i).padStart(5, '0')}`, `ns-${i % 10}`));
    expect(s.count('d')).toBe(10_000);
    expect(s.get('d', 'ns-3', 'd-00003')?.metadata.name).toBe('d-00003');
    expect(s.list('d', 'ns-9')).toHaveLength(1000);
  });
});
