import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { ApiError } from '../api/errors';
import { startTestCluster, type TestCluster } from '../test/helpers';
import type { AdmissionReviewRequest } from './types';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => c.close());

const CM = '/api/v1/namespaces/shop/configmaps';
const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { checked: 'yes' } }, data });

function config(kind: 'Validating' | 'Mutating', name: string, hook: string, failurePolicy: 'Ignore' | 'Fail', service: string) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: `${kind}WebhookConfiguration`, metadata: { name },
    webhooks: [{
      name: hook, admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy,
      clientConfig: { service: { namespace: 'hooks', name: service, path: '/validate' } },
      rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'], scope: 'Namespaced' }],
      objectSelector: { matchLabels: { checked: 'yes' } },
    }],
  };
}

const VWC = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';
const MWC = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations';

describe('webhook emulation', () => {
  it('calls a matching backend with an AdmissionReview and returns its denial verbatim', async () => {
    const seen: AdmissionReviewRequest[] = [];
    const off = c.sim.api.registerWebhookBackend('hooks', 'deny-svc', (review) => {
      seen.push(review.request);
      const forbidden = (review.request.object as KubeObject & { data?: Record<string, string> }).data?.bad === 'true';
      return forbidden ? { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'bad data is not allowed' } } : { allowed: true };
    });
    expect((await c.req('POST', VWC, { body: config('Validating', 'deny', 'vconfigmap.test.dev', 'Fail', 'deny-svc') })).status).toBe(201);
    const ok = await c.req('POST', CM, { body: cm('fine') });
    expect(ok.status).toBe(201);
    expect(seen[0]).toMatchObject({ operation: 'CREATE', namespace: 'shop', name: 'fine', kind: { group: '', version: 'v1', kind: 'ConfigMap' }, resource: { group: '', version: 'v1', resource: 'configmaps' }, userInfo: { username: 'kubernetes-admin' }, dryRun: false });
    const denied = await c.req('POST', CM, { body: cm('nope', { bad: 'true' }) });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, message: 'admission webhook "vconfigmap.test.dev" denied the request: bad data is not allowed' });
    const unlabeled = await c.req('POST', CM, { body: { ...cm('unchecked', { bad: 'true' }), metadata: { name: 'unchecked' } } });
    expect(unlabeled.status).toBe(201);
    const dry = await c.req('POST', `${CM}?dryRun=All`, { body: cm('dry-nope', { bad: 'true' }) });
    expect(dry.status).toBe(403);
    expect(seen.at(-1)?.dryRun).toBe(true);
    off();
    await c.req('DELETE', `${VWC}/deny`);
  });

  it('matches namespaceSelector against the namespace labels', async () => {
    const off = c.sim.api.registerWebhookBackend('hooks', 'ns-svc', () => ({ allowed: false, status: { message: 'not in commerce' } }));
    const cfg = config('Validating', 'by-ns', 'byns.test.dev', 'Fail', 'ns-svc');
    (cfg.webhooks[0] as Record<string, unknown>).namespaceSelector = { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['commerce'] }] };
    await c.req('POST', VWC, { body: cfg });
    expect((await c.req('POST', CM, { body: cm('in-shop') })).status).toBe(201);
    const other = await c.req('POST', '/api/v1/namespaces/default/configmaps', { body: cm('in-default') });
    expect(other.status).toBe(400);
    expect(other.body.message).toBe('admission webhook "byns.test.dev" denied the request: not in commerce');
    off();
    await c.req('DELETE', `${VWC}/by-ns`);
  });

  it('defaults a denial without a code to 400 and says "without explanation" without a message', async () => {
    const off = c.sim.api.registerWebhookBackend('hooks', 'mute-svc', () => ({ allowed: false }));
    await c.req('POST', VWC, { body: config('Validating', 'mute', 'mute.test.dev', 'Fail', 'mute-svc') });
    const r = await c.req('POST', CM, { body: cm('muted') });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('admission webhook "mute.test.dev" denied the request without explanation');
    off();
    await c.req('DELETE', `${VWC}/mute`);
  });

  it('failurePolicy Ignore lets requests through when the backend is missing or down; Fail refuses with 500', async () => {
    await c.req('POST', VWC, { body: config('Validating', 'ignored', 'ignored.test.dev', 'Ignore', 'absent-svc') });
    expect((await c.req('POST', CM, { body: cm('through') })).status).toBe(201);
    await c.req('DELETE', `${VWC}/ignored`);

    await c.req('POST', VWC, { body: config('Validating', 'strict', 'strict.test.dev', 'Fail', 'absent-svc') });
    const missing = await c.req('POST', CM, { body: cm('blocked') });
    expect(missing.status).toBe(500);
    expect(missing.body).toMatchObject({ reason: 'InternalError', message: 'Internal error occurred: failed calling webhook "strict.test.dev": failed to call webhook: Post "https://absent-svc.hooks.svc:443/validate?timeout=10s": service "absent-svc" not found' });

    const off = c.sim.api.registerWebhookBackend('hooks', 'absent-svc', () => ({ allowed: true }));
    expect((await c.req('POST', CM, { body: cm('now-allowed') })).status).toBe(201);
    c.sim.api.webhooks.setDown('hooks', 'absent-svc', true);
    const down = await c.req('POST', CM, { body: cm('down') });
    expect(down.status).toBe(500);
    expect(down.body.message).toContain('connect: connection refused');
    c.sim.api.webhooks.setDown('hooks', 'absent-svc', false);
    off();
    await c.req('DELETE', `${VWC}/strict`);
  });

  it('applies a mutating webhook JSON patch before validation', async () => {
    const off = c.sim.api.registerWebhookBackend('hooks', 'mutator', () => ({
      allowed: true, patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify([{ op: 'add', path: '/data', value: { injected: 'yes' } }])).toString('base64'),
      warnings: ['mutated by test'],
    }));
    await c.req('POST', MWC, { body: config('Mutating', 'mutate', 'mutate.test.dev', 'Fail', 'mutator') });
    const r = await c.req('POST', CM, { body: cm('mutated') });
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({ injected: 'yes' });
    expect(r.headers.get('warning')).toBe('299 - "mutated by test"');
    off();
    await c.req('DELETE', `${MWC}/mutate`);
  });
});

describe('in-process admission plug-ins', () => {
  it('see operation, objects, user and dry-run, and can deny', async () => {
    const calls: string[] = [];
    const off = c.sim.api.registerAdmission({
      name: 'test',
      mutate(req) {
        if (req.resource.plural !== 'configmaps' || !req.object) return;
        calls.push(`${req.operation}:${req.name}:${req.userInfo.username}:${req.dryRun}`);
        return { ...req.object, metadata: { ...req.object.metadata, annotations: { plugged: 'in' } } };
      },
      validate(req) {
        if (req.resource.plural === 'configmaps' && req.name === 'forbidden-name') throw new ApiError(403, 'Forbidden', 'configmaps "forbidden-name" is forbidden: by test plug-in');
      },
    });
    const ok = await c.req('POST', CM, { body: cm('plugged') });
    expect(ok.body.metadata.annotations).toEqual({ plugged: 'in' });
    const no = await c.req('POST', CM, { body: cm('forbidden-name') });
    expect(no.status).toBe(403);
    expect(calls).toContain('CREATE:plugged:kubernetes-admin:false');
    off();
  });
});
