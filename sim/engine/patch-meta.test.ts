import { describe, expect, it } from 'vitest';
import { builtinPatchMeta, describeLists, metaChild, patchMetaFromSchema, type PatchMeta } from './patch-meta';

function lists(meta: PatchMeta): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { path, list } of describeLists(meta)) {
    out[path] = `${list.smp}${list.mergeKey ? `:${list.mergeKey}` : ''}${list.retainKeys ? '+retainKeys' : ''} ${list.ssa}${list.keys ? `[${list.keys.join(',')}]` : ''}`;
  }
  return out;
}

describe('builtinPatchMeta', () => {
  it('describes a Deployment as k8s.io/api v1.32 tags it', () => {
    const l = lists(builtinPatchMeta('apps', 'Deployment'));
    expect(l).toMatchObject({
      'metadata.ownerReferences': 'merge:uid map[uid]',
      'metadata.finalizers': 'merge set',
      'spec.template.metadata.ownerReferences': 'merge:uid map[uid]',
      'spec.template.spec.containers': 'merge:name map[name]',
      'spec.template.spec.initContainers': 'merge:name map[name]',
      'spec.template.spec.ephemeralContainers': 'merge:name map[name]',
      'spec.template.spec.containers[].ports': 'merge:containerPort map[containerPort,protocol]',
      'spec.template.spec.containers[].env': 'merge:name map[name]',
      'spec.template.spec.containers[].volumeMounts': 'merge:mountPath map[mountPath]',
      'spec.template.spec.containers[].args': 'replace atomic',
      'spec.template.spec.volumes': 'merge:name+retainKeys map[name]',
      'spec.template.spec.imagePullSecrets': 'merge:name map[name]',
      'spec.template.spec.tolerations': 'replace atomic',
      'spec.template.spec.topologySpreadConstraints': 'merge:topologyKey map[topologyKey,whenUnsatisfiable]',
      'spec.template.spec.resourceClaims': 'merge:name+retainKeys map[name]',
      'status.conditions': 'merge:type map[type]',
    });
    const meta = builtinPatchMeta('apps', 'Deployment');
    expect(metaChild(metaChild(meta.root, 'spec'), 'selector')?.atomic).toBe(true);
    expect(metaChild(metaChild(meta.root, 'spec'), 'strategy')?.retainKeys).toBe(true);
    expect(meta.statusSubresource).toBe(true);
    expect(meta.strategic).toBe(true);
  });

  it.each([
    ['', 'Service', 'spec.ports', 'merge:port map[port,protocol]'],
    ['', 'Pod', 'status.podIPs', 'merge:ip map[ip]'],
    ['', 'Pod', 'status.hostIPs', 'merge:ip atomic'],
    ['', 'Pod', 'spec.hostAliases', 'merge:ip map[ip]'],
    ['', 'Node', 'spec.podCIDRs', 'merge set'],
    ['', 'Node', 'status.addresses', 'merge:type map[type]'],
    ['', 'ServiceAccount', 'secrets', 'merge:name map[name]'],
    ['', 'ServiceAccount', 'imagePullSecrets', 'replace atomic'],
    ['', 'Namespace', 'spec.finalizers', 'replace atomic'],
    ['batch', 'Job', 'status.conditions', 'merge:type atomic'],
    ['batch', 'Job', 'spec.template.spec.containers', 'merge:name map[name]'],
    ['apps', 'StatefulSet', 'spec.volumeClaimTemplates', 'replace atomic'],
    ['autoscaling', 'HorizontalPodAutoscaler', 'spec.metrics', 'replace atomic'],
    ['autoscaling', 'HorizontalPodAutoscaler', 'status.conditions', 'merge:type map[type]'],
    ['autoscaling', 'HorizontalPodAutoscaler', 'spec.behavior.scaleUp.policies', 'replace atomic'],
    ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', 'webhooks', 'merge:name map[name]'],
    ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', 'webhooks[].matchConditions', 'merge:name map[name]'],
    ['rbac.authorization.k8s.io', 'ClusterRole', 'rules', 'replace atomic'],
    ['rbac.authorization.k8s.io', 'RoleBinding', 'subjects', 'replace atomic'],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', 'status.conditions', 'replace map[type]'],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', 'spec.versions', 'replace atomic'],
    ['keda.sh', 'ScaledObject', 'metadata.ownerReferences', 'merge:uid map[uid]'],
  ])('%s/%s %s is %s', (group, kind, path, expected) => {
    expect(lists(builtinPatchMeta(group, kind))[path]).toBe(expected);
  });

  it('knows port protocol defaults to TCP when an item omits it', () => {
    const ports = describeLists(builtinPatchMeta('', 'Pod')).find((d) => d.path === 'spec.containers[].ports');
    expect(ports?.list.keyDefaults).toEqual({ protocol: 'TCP' });
  });

  it('marks atomic maps and structs', () => {
    const pod = builtinPatchMeta('', 'Pod');
    expect(metaChild(metaChild(pod.root, 'spec'), 'nodeSelector')?.atomic).toBe(true);
    expect(metaChild(metaChild(builtinPatchMeta('', 'Service').root, 'spec'), 'selector')?.atomic).toBe(true);
    expect(metaChild(metaChild(pod.root, 'metadata'), 'labels')?.atomic).toBeUndefined();
    expect(builtinPatchMeta('', 'ConfigMap').statusSubresource).toBe(false);
  });
});

describe('patchMetaFromSchema', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          triggers: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' } } } },
          hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
          ports: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['port', 'protocol'],
            items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
          },
          selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
          metadata: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      status: { type: 'object', properties: { conditions: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], items: { type: 'object' } } } },
    },
  };

  it('reads list types, keys, key defaults and atomic maps; no strategic merge', () => {
    const meta = patchMetaFromSchema(schema, { statusSubresource: true });
    expect(lists(meta)).toEqual({
      'metadata.ownerReferences': 'merge:uid map[uid]',
      'metadata.finalizers': 'merge set',
      'spec.triggers': 'replace atomic',
      'spec.hosts': 'replace set',
      'spec.ports': 'replace map[port,protocol]',
      'status.conditions': 'replace map[type]',
    });
    expect(describeLists(meta).find((d) => d.path === 'spec.ports')?.list.keyDefaults).toEqual({ protocol: 'TCP' });
    expect(metaChild(metaChild(meta.root, 'spec'), 'selector')?.atomic).toBe(true);
    expect(metaChild(metaChild(metaChild(meta.root, 'spec'), 'metadata'), 'anything')).toEqual({});
    expect(meta.strategic).toBe(false);
    expect(meta.statusSubresource).toBe(true);
    expect(patchMetaFromSchema(schema).statusSubresource).toBe(false);
  });

  it.each([null, 42, 'x', [], { type: 'array' }, { properties: 'nope' }])('tolerates a malformed schema %j', (bad) => {
    expect(() => describeLists(patchMetaFromSchema(bad))).not.toThrow();
  });
});
