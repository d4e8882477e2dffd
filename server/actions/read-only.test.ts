import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as advance } from '@/app/api/v1/migrations/[id]/advance/route';
import { POST as rollback } from '@/app/api/v1/migrations/[id]/rollback/route';
import { POST as startMigration } from '@/app/api/v1/migrations/route';
import { POST as createPlan } from '@/app/api/v1/plans/route';

beforeAll(() => {
  // Read once by config(): this test file runs in its own process.
  process.env.SCALEGUARD_READ_ONLY = '1';
  process.env.KUBECONFIG = path.join('/nonexistent', 'kubeconfig');
});

const post = (p: string, body: unknown) => new Request(`http://127.0.0.1:3000${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const params = { params: Promise.resolve({ id: 'abcdef1234' }) };

describe('SCALEGUARD_READ_ONLY=1', () => {
  it('refuses every write route with 403 and says why, before reading the body', async () => {
    const answers = await Promise.all([
      createPlan(post('/api/v1/plans', { type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'orders' } })),
      startMigration(post('/api/v1/migrations', { planId: 'abcdef1234' })),
      advance(post('/api/v1/migrations/abcdef1234/advance', {}), params),
      rollback(post('/api/v1/migrations/abcdef1234/rollback', {}), params),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/read-only \(SCALEGUARD_READ_ONLY=1\)/);
    }
  });
});
