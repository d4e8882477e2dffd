import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationDto, MigrationsDto, PlanDto } from '@/lib/dto/migrations';
import { GET as getMigration } from '@/app/api/v1/migrations/[id]/route';
import { POST as advance } from '@/app/api/v1/migrations/[id]/advance/route';
import { POST as rollback } from '@/app/api/v1/migrations/[id]/rollback/route';
import { GET as listMigrations, POST as startMigration } from '@/app/api/v1/migrations/route';
import { POST as createPlan } from '@/app/api/v1/plans/route';
import { config as proxyConfig, proxy } from '@/proxy';
import { clusterCache } from '../cluster';
import { actionsFor } from '.';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
const BASE = 'http://127.0.0.1:3000';
const TOKEN = 'token-for-tests';

beforeAll(async () => {
  h = await startHarness();
  process.env.KUBECONFIG = h.kubeconfig;
  process.env.SCALEGUARD_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'sg-routes-'));
  await clusterCache().whenSettled(30_000);
}, 90_000);
afterAll(async () => {
  actionsFor().stop();
  clusterCache().stop();
  await h?.stop();
});

/** A same-origin browser request with the CSRF cookie and header, from one client address. */
function request(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`${BASE}${p}`, {
    method,
    headers: { host: '127.0.0.1:3000', origin: BASE, cookie: `scaleguard_csrf=${TOKEN}`, 'x-scaleguard-csrf': TOKEN, 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** What the server does with a request: `proxy.ts` first (as Next runs it for every path it matches), then the route. */
async function serve(req: NextRequest, route: (r: Request) => Promise<Response> | Response): Promise<Response> {
  const p = new URL(req.url).pathname;
  expect(proxyConfig.matcher.some((m) => new RegExp(`^${m}$`).test(p))).toBe(true);
  const verdict = proxy(req);
  if (verdict.headers.get('x-middleware-next') !== '1') return verdict;
  return route(req);
}

const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const target = { namespace: 'shop', kind: 'Deployment', name: 'routes' };

describe('the write API over its route handlers', () => {
  it('plans, starts, advances to done and rolls back, with the documented status codes', async () => {
    const planned = await serve(request('POST', '/api/v1/plans', { type: 'hpa-to-scaledobject', target }), createPlan);
    expect(planned.status).toBe(201);
    const plan = (await planned.json()) as PlanDto;
    expect(plan).toMatchObject({ type: 'hpa-to-scaledobject', target, blocked: false, access: { allowed: true } });

    const started = await serve(request('POST', '/api/v1/migrations', { planId: plan.id }), startMigration);
    expect(started.status).toBe(201);
    expect(((await started.json()) as MigrationDto).status).toBe('ready');
    expect((await serve(request('POST', '/api/v1/migrations', { planId: plan.id }), startMigration)).status).toBe(404);

    for (let i = 0; i < 2; i++) {
      const accepted = await serve(request('POST', `/api/v1/migrations/${plan.id}/advance`, {}), (r) => advance(r, idParams(plan.id)));
      expect(accepted.status).toBe(202);
      expect(((await accepted.json()) as MigrationDto).steps[i]!.state).toBe('running');
      await h.drive(actionsFor().idle());
    }
    const read = await getMigration(request('GET', `/api/v1/migrations/${plan.id}`), idParams(plan.id));
    expect(read.status).toBe(200);
    expect(((await read.json()) as MigrationDto).status).toBe('done');
    expect((await serve(request('POST', `/api/v1/migrations/${plan.id}/advance`), (r) => advance(r, idParams(plan.id)))).status).toBe(409);

    const listed = (await (await listMigrations(request('GET', '/api/v1/migrations'))).json()) as MigrationsDto;
    expect(listed.items.find((r) => r.migrationId === plan.id)).toMatchObject({ status: 'done', target });

    const undo = await serve(request('POST', `/api/v1/migrations/${plan.id}/rollback`), (r) => rollback(r, idParams(plan.id)));
    expect(undo.status).toBe(202);
    await h.drive(actionsFor().idle());
    expect(((await (await getMigration(request('GET', `/api/v1/migrations/${plan.id}`), idParams(plan.id))).json()) as MigrationDto).status).toBe('rolled-back');
  }, 120_000);

  it('answers bad input with 400 problems that say what is wrong, and unknown things with 404', async () => {
    const bad = await serve(request('POST', '/api/v1/plans', { type: 'hpa-to-scaledobject', target: { namespace: 'Shop!', kind: 'Deployment' } }), createPlan);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await bad.json()) as { detail: string };
    expect(problem.detail).toMatch(/target\.namespace: must be a lowercase DNS name/);
    expect(problem.detail).toMatch(/target\.name: /);
    const notJson = await serve(request('POST', '/api/v1/plans', '{nope'), createPlan);
    expect(((await notJson.json()) as { detail: string }).detail).toMatch(/not JSON/);
    const unknownType = await serve(request('POST', '/api/v1/plans', { type: 'delete-everything', target }), createPlan);
    expect(((await unknownType.json()) as { detail: string }).detail).toMatch(/type: must be one of hpa-to-scaledobject/);
    expect((await serve(request('POST', '/api/v1/plans', { type: 'hpa-to-scaledobject', target: { ...target, name: 'missing' } }), createPlan)).status).toBe(404);
    expect((await getMigration(request('GET', '/api/v1/migrations/abcdef'), idParams('abcdef'))).status).toBe(404);
    expect((await serve(request('POST', '/api/v1/migrations/abcdef/advance', { confirm: 1 }), (r) => advance(r, idParams('abcdef')))).status).toBe(400);
  }, 30_000);

  it('refuses a foreign Origin and a missing or wrong CSRF token before any route runs', async () => {
    let ran = 0;
    const route = () => { ran++; return new Response(null, { status: 204 }); };
    const foreign = await serve(request('POST', '/api/v1/plans', {}, { origin: 'http://evil.example' }), route);
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { detail: string }).detail).toMatch(/Cross-origin request refused/);
    expect((await serve(request('POST', '/api/v1/migrations', {}, { 'x-scaleguard-csrf': '' }), route)).status).toBe(403);
    expect((await serve(request('POST', '/api/v1/migrations/x/rollback', {}, { 'x-scaleguard-csrf': 'other-token-value' }), route)).status).toBe(403);
    expect(ran).toBe(0);
    expect((await serve(request('POST', '/api/v1/migrations/x/rollback', {}), route)).status).toBe(204);
  });

  it('rate-limits mutating requests per client address (429 with Retry-After)', async () => {
    const from = { 'x-forwarded-for': '10.9.9.9' };
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) answers.push((await serve(request('POST', '/api/v1/plans', {}, from), createPlan)).status);
    expect(answers.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(answers[30]).toBe(429);
    const limited = await serve(request('POST', '/api/v1/migrations', {}, from), startMigration);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not affected, and reads are never limited.
    expect((await serve(request('POST', '/api/v1/plans', {}, { 'x-forwarded-for': '10.9.9.10' }), createPlan)).status).toBe(400);
    expect((await listMigrations(request('GET', '/api/v1/migrations', undefined, from))).status).toBe(200);
  });
});
