import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator';
import { readScenario, scenarioFiles, SIM_DIR } from './load';

const dir = mkdtempSync(path.join(tmpdir(), 'scaleguard-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('scenario parsing', () => {
  it('names the file and document index of an invalid simulation document', () => {
    const p = file('users.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: sim.scaleguard.dev/v1alpha1\nkind: User\nmetadata: { name: bob }\nspec: { token: short }\n');
    expect(() => readScenario(p)).toThrow('users.yaml document 1: invalid User: spec.token: tokens must have at least 8 characters');
  });

  it('refuses unknown simulation kinds, unknown Scenario fields and a second Scenario', () => {
    expect(() => readScenario(file('k.yaml', 'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Weather\n'))).toThrow('k.yaml document 0: unknown simulation kind "Weather" (known: Scenario, User, Load, MetricValue, ResizeBehavior, CanaryAnalysis, Change)');
    expect(() => readScenario(file('f.yaml', 'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Scenario\nspec: { serverVersoin: v1.30.0 }\n'))).toThrow(/f\.yaml document 0: invalid Scenario: spec: Unrecognized key/);
    expect(() => readScenario(file('i.yaml', 'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Scenario\nspec: { install: [istio] }\n'))).toThrow(/i\.yaml document 0: invalid Scenario: spec\.install\.0/);
    expect(() => readScenario(file('two.yaml', 'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Scenario\n---\napiVersion: sim.scaleguard.dev/v1alpha1\nkind: Scenario\n'))).toThrow('two.yaml document 1: only one Scenario document is allowed (another is in two.yaml document 0)');
  });

  it('needs apiVersion, kind and metadata.name on objects and reports YAML errors', () => {
    expect(() => readScenario(file('o.yaml', 'apiVersion: v1\nmetadata: { name: x }\n'))).toThrow('o.yaml document 0: a Kubernetes object needs apiVersion, kind and metadata.name');
    expect(() => readScenario(file('y.yaml', 'a: [1, 2\n'))).toThrow(/^y\.yaml document 0: /);
  });

  it('reads a directory in file-name order and resolves demo to the bundled scenario', () => {
    const d = mkdtempSync(path.join(dir, 'dir-'));
    writeFileSync(path.join(d, '20-b.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n');
    writeFileSync(path.join(d, '10-a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n');
    writeFileSync(path.join(d, 'notes.txt'), 'ignored');
    expect(readScenario(d).objects.map((o) => o.object.metadata.name)).toEqual(['a', 'b']);
    const demo = scenarioFiles('demo');
    expect(demo.every((f) => f.startsWith(path.join(SIM_DIR, 'scenarios', 'demo')))).toBe(true);
    expect(demo).toEqual([...demo].sort());
  });
});

describe('scenario loading', () => {
  it('creates referenced namespaces, writes observed status, and adds users', async () => {
    const p = file('load.yaml', [
      'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Scenario\nspec: { serverVersion: v1.31.2 }',
      'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: User\nmetadata: { name: ann }\nspec: { token: ann-token-123456, groups: [team-a], context: sim-ann }',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, namespace: implicit }\nspec:\n  selector: { matchLabels: { a: b } }\n  template: { metadata: { labels: { a: b } }, spec: { containers: [{ name: c, image: nginx }] } }\nstatus: { replicas: 1, readyReplicas: 1 }',
    ].join('\n---\n'));
    // No controllers: the observed status must stay as the scenario wrote it.
    const sim = await startSimulator({ scenario: p, port: 0, controllers: 'none' });
    try {
      const h = { Authorization: `Bearer ${sim.tokenOf('ann')}` };
      const admin = { Authorization: `Bearer ${sim.adminToken}` };
      expect((await (await fetch(`${sim.url}/version`)).json()).gitVersion).toBe('v1.31.2');
      expect((await fetch(`${sim.url}/api/v1/namespaces/implicit`, { headers: admin })).status).toBe(200);
      const d = await (await fetch(`${sim.url}/apis/apps/v1/namespaces/implicit/deployments/d`, { headers: admin })).json();
      expect(d.status).toEqual({ replicas: 1, readyReplicas: 1 });
      expect((await fetch(`${sim.url}/api/v1/namespaces`, { headers: h })).status).toBe(403);
      expect(sim.kubeconfigYaml).toContain('name: sim-ann');
      expect(sim.kubeconfigYaml).toContain('current-context: scaleguard-sim');
    } finally {
      await sim.stop();
    }
  });

  it('fails with the file, document and object of an object the API refuses', async () => {
    const p = file('refused.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec: { selector: { matchLabels: { a: b } }, template: { metadata: { labels: { a: c } }, spec: { containers: [{ name: c, image: nginx }] } } }\n');
    await expect(startSimulator({ scenario: p, port: 0 })).rejects.toThrow('refused.yaml document 1 (Deployment shop/web): Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`');
  });

  it('fails on kinds no resource serves', async () => {
    const p = file('nokind.yaml', 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: { name: so, namespace: shop }\n');
    await expect(startSimulator({ scenario: p, port: 0 })).rejects.toThrow('nokind.yaml document 0: no resource serves keda.sh/v1alpha1 ScaledObject (is its CRD installed?)');
  });
});

describe('behaviour documents', () => {
  it('collects Load, MetricValue, ResizeBehavior and CanaryAnalysis documents with their origin', () => {
    const s = readScenario(file('b.yaml', [
      'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Load\nmetadata: { name: l }\nspec: { target: { kind: Deployment, namespace: shop, name: orders }, containers: [{ cpu: 900m }] }',
      'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: MetricValue\nmetadata: { name: m }\nspec: { trigger: { namespace: shop, scaledObject: orders, trigger: "0" }, value: 40 }',
      'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: ResizeBehavior\nmetadata: { name: r }\nspec: { target: { namespace: ml, name: rec }, outcomes: [resized, deferred], deferredFor: 7m }',
      'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: CanaryAnalysis\nmetadata: { name: c }\nspec: { canary: { namespace: delivery, name: podinfo }, outcome: fail }',
    ].join('\n---\n')));
    expect(s.docs.map((d) => `${d.kind}/${d.metadata.name}@${d.origin.index}`)).toEqual(['Load/l@0', 'MetricValue/m@1', 'ResizeBehavior/r@2', 'CanaryAnalysis/c@3']);
  });

  it('names the document and the field of an invalid behaviour document', () => {
    expect(() => readScenario(file('bad.yaml', 'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: MetricValue\nmetadata: { name: m }\nspec: { value: 40 }\n')))
      .toThrow(/bad\.yaml document 0: invalid MetricValue: spec: give exactly one of trigger or metric/);
    expect(() => readScenario(file('bad2.yaml', 'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: ResizeBehavior\nmetadata: { name: r }\nspec: { target: { namespace: ml, name: x }, outcomes: [exploded] }\n')))
      .toThrow(/bad2\.yaml document 0: invalid ResizeBehavior: spec\.outcomes\.0/);
  });
});
