import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '@/lib/k8s/object';
import { builtinPatchMeta, patchMetaFromSchema, type MetaNode, type PatchMeta } from './patch-meta';
import { applyStrategicMergePatch, PatchError } from './strategic-merge';

/** Upstream's MergeItem test struct (strategicpatch/patch_test.go), as a PatchMeta. */
function mergeItemMeta(): PatchMeta {
  const item: MetaNode = { fields: {} };
  const byName = (retainKeys = false): MetaNode => ({ list: { smp: 'merge', mergeKey: 'name', ssa: 'map', keys: ['name'], retainKeys }, items: item });
  Object.assign(item.fields ?? {}, {
    mergingList: byName(),
    nonMergingList: { list: { smp: 'replace', ssa: 'atomic' }, items: item },
    mergingIntList: { list: { smp: 'merge', ssa: 'set' } },
    mergeItemPtr: byName(),
    simpleMap: { values: {} },
    replacingItem: { replace: true },
    retainKeysMap: {
      retainKeys: true,
      fields: { simpleMap: { values: {} }, mergingIntList: { list: { smp: 'merge', ssa: 'set' } }, mergingList: byName(), nonMergingList: { list: { smp: 'replace', ssa: 'atomic' }, items: item } },
    },
    retainKeysMergingList: byName(true),
  });
  return { root: item, strategic: true, statusSubresource: false };
}

interface UpstreamCase {
  description: string;
  original?: JsonObject;
  twoWay?: JsonObject;
  modified?: JsonObject;
  twoWayResult?: JsonObject;
  current?: JsonObject;
  threeWay?: JsonObject;
  result?: JsonObject;
  expectedError?: string;
}

const cases = parse(readFileSync(path.join(__dirname, '__fixtures__/smp-upstream.yaml'), 'utf8')) as UpstreamCase[];

describe('applyStrategicMergePatch: upstream patch_test.go cases', () => {
  const meta = mergeItemMeta();
  it.each(cases.map((c) => [c.description, c] as const))('%s', (_d, c) => {
    if (c.expectedError) {
      expect(() => applyStrategicMergePatch(c.original ?? {}, c.twoWay ?? {}, meta)).toThrow(c.expectedError);
      return;
    }
    if (c.twoWay) expect(applyStrategicMergePatch(c.original ?? {}, c.twoWay, meta)).toEqual(c.twoWayResult ?? c.modified);
    if (c.threeWay) expect(applyStrategicMergePatch(c.current ?? {}, c.threeWay, meta)).toEqual(c.result);
  });
});

const deployment = (): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'patch-demo', annotations: { a: '1', b: '2' }, finalizers: ['x.io/a'] },
  spec: {
    replicas: 2,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        containers: [
          { name: 'patch-demo-ctr', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        ],
        tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
});
const spec = (o: JsonObject) => (o.spec as JsonObject).template as JsonObject;
const podSpec = (o: JsonObject) => spec(o).spec as JsonObject;

describe('applyStrategicMergePatch: what kubectl sends for a Deployment', () => {
  const meta = builtinPatchMeta('apps', 'Deployment');

  it('kubectl patch adding a container puts it first (kubernetes.io docs, "patch-file-containers")', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } } }, meta);
    expect((podSpec(out).containers as JsonObject[]).map((c) => c.name)).toEqual(['patch-demo-ctr-2', 'patch-demo-ctr']);
  });

  it('replaces tolerations, which have no merge key (docs, "patch-file-tolerations")', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { template: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } } } }, meta);
    expect(podSpec(out).tolerations).toEqual([{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }]);
  });

  it('honours $retainKeys on the strategy (docs, "patch-file-retainkeys")', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, meta);
    expect((out.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
  });

  it('client-side apply switching a volume from emptyDir to configMap (three-way patch with $retainKeys)', () => {
    const patch = { spec: { template: { spec: { '$setElementOrder/volumes': [{ name: 'data' }], volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' }, emptyDir: null, name: 'data' }] } } } };
    const out = applyStrategicMergePatch(deployment(), patch, meta);
    expect(podSpec(out).volumes).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  it('client-side apply removing an env var and changing the image', () => {
    const patch = {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'patch-demo-ctr' }], containers: [{ '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], image: 'nginx:1.27', name: 'patch-demo-ctr' }] } } },
    };
    const out = applyStrategicMergePatch(deployment(), patch, meta);
    expect(podSpec(out).containers).toEqual([{ name: 'patch-demo-ctr', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] }]);
  });

  it('merges ports by containerPort and keeps the rest', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', ports: [{ containerPort: 8080 }] }] } } } }, meta);
    expect((podSpec(out).containers as JsonObject[])[0]?.ports).toEqual([{ containerPort: 8080 }, { containerPort: 80, protocol: 'TCP' }]);
  });

  it('unions finalizers and deletes with $deleteFromPrimitiveList', () => {
    const added = applyStrategicMergePatch(deployment(), { metadata: { finalizers: ['x.io/b'] } }, meta);
    expect((added.metadata as JsonObject).finalizers).toEqual(['x.io/b', 'x.io/a']);
    const removed = applyStrategicMergePatch(added, { metadata: { '$deleteFromPrimitiveList/finalizers': ['x.io/a'], '$setElementOrder/finalizers': ['x.io/b'] } }, meta);
    expect((removed.metadata as JsonObject).finalizers).toEqual(['x.io/b']);
  });

  it('merges ownerReferences by uid', () => {
    const base = { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ScaledObject', name: 'a' }] } };
    const out = applyStrategicMergePatch(base, { metadata: { ownerReferences: [{ uid: 'u1', controller: true }, { uid: 'u2', kind: 'X', name: 'b' }] } }, meta);
    expect((out.metadata as JsonObject).ownerReferences).toEqual([{ uid: 'u1', kind: 'ScaledObject', name: 'a', controller: true }, { uid: 'u2', kind: 'X', name: 'b' }]);
  });

  it('deletes map keys with null and replaces scalars (kubectl patch -p)', () => {
    const out = applyStrategicMergePatch(deployment(), { metadata: { annotations: { a: null, c: '3' } }, spec: { replicas: 5 } }, meta);
    expect((out.metadata as JsonObject).annotations).toEqual({ b: '2', c: '3' });
    expect((out.spec as JsonObject).replicas).toBe(5);
  });

  it('$patch: replace on a list keeps only the patch items; $patch: delete on a map empties it', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: 'only', image: 'busybox' }, { $patch: 'replace' }] } } } }, meta);
    expect(podSpec(out).containers).toEqual([{ name: 'only', image: 'busybox' }]);
    const emptied = applyStrategicMergePatch(deployment(), { spec: { strategy: { $patch: 'delete' } } }, meta);
    expect((emptied.spec as JsonObject).strategy).toEqual({});
    const replaced = applyStrategicMergePatch(deployment(), { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } }, meta);
    expect((replaced.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
  });

  it('drops nulls and $patch items from values added as a whole', () => {
    const out = applyStrategicMergePatch({ spec: {} }, { spec: { template: { spec: { containers: [{ name: 'a', image: null }, { name: 'gone', $patch: 'delete' }] } } } }, meta);
    expect(podSpec(out).containers).toEqual([{ name: 'a' }]);
  });

  it('never modifies its inputs', () => {
    const original = deployment();
    const patch: JsonObject = { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', image: 'x' }] } } } };
    const [o, p] = [structuredClone(original), structuredClone(patch)];
    applyStrategicMergePatch(original, patch, meta);
    expect(original).toEqual(o);
    expect(patch).toEqual(p);
  });
});

describe('applyStrategicMergePatch: failures as kube-apiserver reports them', () => {
  const meta = builtinPatchMeta('apps', 'Deployment');
  const containers = (list: unknown) => ({ spec: { template: { spec: { containers: list } } } }) as unknown as JsonObject;
  it.each([
    ['$patch: merge in a list', containers([{ name: 'a', $patch: 'merge' }]), 'merging lists cannot yet be specified in the patch', 500],
    ['unknown $patch in a list', containers([{ name: 'a', $patch: 'nope' }]), 'unknown patch type: nope in map: map[$patch:nope name:a]', 500],
    ['unknown $patch on a map', { spec: { strategy: { $patch: 'merge' } } }, 'unknown patch type: merge in map: map[$patch:merge]', 500],
    ['item without its merge key', containers([{ image: 'x' }]), 'map: map[image:x] does not contain declared merge key: name', 500],
    ['$retainKeys not listing a patched field', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, 'invalid patch format of retainKeys', 400],
    ['$retainKeys not a list', { spec: { strategy: { $retainKeys: 'type' } } }, 'invalid patch format of retainKeys', 400],
    ['list of lists', { metadata: { finalizers: [['a']] } }, 'list element types are not identical: [[x.io/a] [[a]]]', 500],
    ['mixed element types', { metadata: { finalizers: [1] } }, 'list element types are not identical: [[x.io/a] [1]]', 500],
    ['$setElementOrder not a list', { metadata: { '$setElementOrder/finalizers': 'x' } }, 'expected a []interface {}, but received a string', 500],
  ])('%s', (_name, patch, message, status) => {
    let err: unknown;
    try {
      applyStrategicMergePatch(deployment(), patch as JsonObject, meta);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatchError);
    expect((err as PatchError).message).toBe(message);
    expect((err as PatchError).status).toBe(status);
  });

  it('refuses a list of lists with 422', () => {
    expect(() => applyStrategicMergePatch({ metadata: { finalizers: [] } }, { metadata: { finalizers: [['a']] } }, meta)).toThrow(
      expect.objectContaining({ message: 'lists of lists are not supported', status: 422 }),
    );
  });

  it('refuses custom resources with 415, as kube-apiserver does', () => {
    expect(() => applyStrategicMergePatch({}, {}, patchMetaFromSchema({ type: 'object' }))).toThrow(expect.objectContaining({ status: 415 }));
  });
});
