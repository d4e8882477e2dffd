import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { KedaPage } from './pages/keda-page';
import { ScaledObjectPage } from './pages/scaledobject-page';
import { startDashboard, startSimulator } from './support/processes';
import { screens as screensOf } from './support/screens';
import { simAccess, simRequest } from './support/sim';

// KEDA on the demo: seed 003's activation example, seed 002's stale Kafka consumer group and its
// refresh through the write API (plan → start → advance from the page), a read-only user, and a
// cluster without KEDA.

const VIEWER = 'scaleguard-sim-viewer';
const SO_API = '/apis/keda.sh/v1alpha1/namespaces/streaming/scaledobjects';

interface SimScalers {
  items: { kind: string; namespace: string; name: string; generation: number; builtAt: string; reason: string; scalers: { params: Record<string, string | undefined> }[] }[];
}

/** Screenshots from the top of the page (a click further down leaves it scrolled, and the sticky header with it). */
async function screens(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screensOf(page, name);
}

async function simJson<T>(apiPath: string): Promise<T> {
  const r = await simRequest('GET', apiPath);
  expect(r.status, `GET ${apiPath}`).toBe(200);
  return (await r.json()) as T;
}

/** What the simulated keda-operator's scalers cache holds for a ScaledObject. */
async function cachedScalers(name: string) {
  const { items } = await simJson<SimScalers>('/_sim/keda/scalers');
  const entry = items.find((e) => e.kind === 'ScaledObject' && e.namespace === 'streaming' && e.name === name);
  expect(entry, `scalers of ${name}`).toBeDefined();
  return entry!;
}

/** `POST` from the page, with the CSRF double-submit header the UI sends. */
function postFromPage(page: Page, url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(async ({ url, body }) => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('scaleguard_csrf='))?.split('=')[1] ?? '';
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-scaleguard-csrf': decodeURIComponent(csrf) }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }, { url, body });
}

test.describe('KEDA', () => {
  test('the list: installation, every ScaledObject with triggers, conditions, pause and its HPA; filters in the URL', async ({ page }) => {
    const k = new KedaPage(page);
    await k.goto();
    const sim = await simJson<{ items: { metadata: { namespace: string; name: string } }[] }>('/apis/keda.sh/v1alpha1/scaledobjects');
    await expect(k.rows).toHaveCount(sim.items.length);

    // KEDA's version comes from the operator image the simulator runs.
    const operator = await simJson<{ spec: { template: { spec: { containers: { image: string }[] } } } }>('/apis/apps/v1/namespaces/keda/deployments/keda-operator');
    const tag = operator.spec.template.spec.containers[0]!.image.split(':').pop()!;
    await expect(k.installation.getByText(`KEDA ${tag}`, { exact: true })).toBeVisible();
    await expect(k.component('operator')).toContainText('1/1 ready');
    await expect(k.fact('Admission webhook vscaledobject.kb.io')).toContainText('failurePolicy Ignore');
    await expect(k.fact('Admission webhook vscaledobject.kb.io')).toContainText('admits every ScaledObject without validating it');

    const mailer = k.row('streaming', 'invoice-mailer');
    await expect(mailer.locator('[data-trigger="invoices"]')).toContainText('scale 10 · activate >50');
    await expect(mailer.locator('[data-trigger="invoices"]')).toContainText('queueName invoices');
    await expect(mailer.locator('[data-condition="Active"]')).toHaveAttribute('data-status', 'False');
    await expect(mailer).toContainText('keda-hpa-invoice-mailer');
    await expect(mailer).toContainText('scaledobject-activation-dominates');
    const consumer = k.row('streaming', 'order-events-consumer');
    await expect(consumer.locator('[data-trigger-highlights]')).toContainText('consumerGroupFromEnv $KAFKA_GROUP');
    await expect(k.row('streaming', 'notifications')).toContainText('paused-replicas: 2');
    await expect(k.row('streaming', 'notifications')).toContainText('none while paused');
    // A ScaledObject KEDA refused says why, in its row.
    await expect(k.row('batch', 'legacy-worker').locator('[data-condition-note="Ready"]')).toContainText('ScaledObjectCheckFailed');
    await screens(page, 'keda');

    await k.textFilter.fill('kafka');
    await expect(page).toHaveURL(/q=kafka/);
    await expect(k.row('streaming', 'order-events-consumer')).toBeVisible();
    await expect(k.row('streaming', 'invoice-mailer')).toHaveCount(0);
    await page.goto(page.url());
    await expect(k.textFilter).toHaveValue('kafka');
    await expect(k.row('streaming', 'invoice-mailer')).toHaveCount(0);

    // Keyboard: from the filter, Tab reaches the first ScaledObject's link and Enter opens it.
    await k.textFilter.fill('invoice-mailer');
    await expect(k.rows).toHaveCount(1);
    await k.textFilter.focus();
    const link = mailer.getByRole('link', { name: 'invoice-mailer', exact: true });
    for (let i = 0; i < 5 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(link).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/keda\/streaming\/invoice-mailer$/);
  });

  test('seed 003: the activation example reads exactly as the numbers say', async ({ page }) => {
    // The numbers as the cluster has them: the trigger's thresholds and what KEDA's metrics server serves.
    const so = await simJson<{ spec: { triggers: { name: string; metadata: Record<string, string> }[] } }>(`${SO_API}/invoice-mailer`);
    const meta = so.spec.triggers.find((t) => t.name === 'invoices')!.metadata;
    const metric = await simJson<{ items: { value: string }[] }>('/apis/external.metrics.k8s.io/v1beta1/namespaces/streaming/s0-rabbitmq-invoices?labelSelector=scaledobject.keda.sh%2Fname%3Dinvoice-mailer');
    const value = Number(metric.items[0]!.value);
    const [threshold, activation] = [Number(meta.value), Number(meta.activationValue)];
    // Seed 003's own example: threshold 10, activation 50, 40 messages — the HPA would want 4.
    expect([threshold, activation, value]).toEqual([10, 50, 40]);
    expect(value).toBeLessThanOrEqual(activation);

    const p = new ScaledObjectPage(page);
    await p.goto('streaming', 'invoice-mailer');
    await expect(p.value('invoices')).toHaveText(String(value));
    await expect(p.sentence('invoices')).toHaveText(`value ${value} ≤ activationValue ${activation}: inactive, so the workload stays at 0 although the HPA would want ${Math.ceil(value / threshold)}`);
    await expect(p.trigger('invoices')).toHaveAttribute('data-phase', 'inactive');
    await expect(p.activity).toHaveAttribute('data-activity', 'Inactive');
    await expect(p.finding('scaledobject-activation-dominates')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Conditions' }).locator('[data-condition-row="Active"]')).toContainText('ScalerNotActive');
    await expect(page.getByRole('region', { name: /^HPA / })).toContainText('ScaledObject invoice-mailer');
    await expect(page.getByRole('region', { name: 'Replica timeline' }).locator('.recharts-surface').first()).toBeVisible();
    await screens(page, 'keda-activation');

    // keda#6145 on the same page type: Active=False with minReplicaCount ≥ 1 is called normal.
    await p.goto('streaming', 'email-sender');
    await expect(p.sentence('outbox')).toContainText('minReplicaCount 1');
  });

  test('seed 002: the stale Kafka ScaledObject shows old vs new values; the refresh rebuilds the scalers and the finding clears', async ({ page }) => {
    test.setTimeout(180_000);
    // The scenario renames the consumer group three minutes in (`kubectl set env`); do the same now
    // if it has not happened yet — the same patch, so the later scenario change is a no-op.
    const deploy = '/apis/apps/v1/namespaces/streaming/deployments/order-events-consumer';
    const group = async () => (await simJson<{ spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } } }>(deploy))
      .spec.template.spec.containers[0]!.env.find((e) => e.name === 'KAFKA_GROUP')?.value;
    if ((await group()) === 'order-events-v1') {
      const r = await strategicPatch(deploy, { spec: { template: { spec: { containers: [{ name: 'consumer', env: [{ name: 'KAFKA_GROUP', value: 'order-events-v2' }] }] } } } });
      expect(r.status).toBe(200);
    }
    expect(await group()).toBe('order-events-v2');
    const before = await cachedScalers('order-events-consumer');
    expect(before.scalers[0]!.params.consumerGroup).toBe('order-events-v1');

    const p = new ScaledObjectPage(page);
    await p.goto('streaming', 'order-events-consumer');
    await expect(p.finding('scaledobject-stale-env')).toBeVisible({ timeout: 30_000 });
    await expect(p.envVar('KAFKA_GROUP')).toHaveAttribute('data-changed', 'true');
    await expect(p.envValues('KAFKA_GROUP').keda).toContainText('order-events-v1');
    await expect(p.envValues('KAFKA_GROUP').template).toContainText('order-events-v2');
    await expect(p.envVar('KAFKA_GROUP')).toContainText('changed in revision');
    await expect(p.envVar('KAFKA_BROKERS')).toHaveAttribute('data-changed', 'false');
    await expect(p.env).toContainText('containers[0]');
    await screens(page, 'keda-stale-env');

    // The trade-off is stated next to each button.
    const refresh = p.action('scaledobject-refresh');
    await expect(refresh.section).toContainText('this ScaledObject only');
    await expect(p.action('keda-operator-restart').section).toContainText('every ScaledObject and ScaledJob in the cluster');
    const generation = (await simJson<{ metadata: { generation: number } }>(`${SO_API}/order-events-consumer`)).metadata.generation;

    await refresh.planButton.click();
    await expect(refresh.plan).toBeVisible({ timeout: 30_000 });
    await expect(refresh.plan).toContainText('Server dry-run: accepted');
    await refresh.runButton.click();
    await expect(refresh.run).toHaveAttribute('data-action-run', 'done', { timeout: 120_000 });

    // The simulated operator rebuilt the scalers because the generation changed, reading the new group.
    const after = await simJson<{ metadata: { generation: number } }>(`${SO_API}/order-events-consumer`);
    expect(after.metadata.generation).toBeGreaterThan(generation);
    await expect.poll(async () => (await cachedScalers('order-events-consumer')).scalers[0]!.params.consumerGroup, { timeout: 30_000 }).toBe('order-events-v2');
    expect((await cachedScalers('order-events-consumer')).reason).toBe('generation-changed');

    // The finding is gone, from the page and from the API.
    await expect(p.finding('scaledobject-stale-env')).toHaveCount(0, { timeout: 30_000 });
    await expect(p.envVar('KAFKA_GROUP')).toHaveAttribute('data-changed', 'false');
    await expect(p.envValues('KAFKA_GROUP').keda).toContainText('order-events-v2');
    const findings = await (await page.request.get('/api/v1/findings?rule=scaledobject-stale-env')).json() as { items: { subjects: { name: string }[] }[] };
    expect(findings.items.filter((f) => f.subjects.some((s) => s.name === 'order-events-consumer'))).toEqual([]);
    await screens(page, 'keda-refreshed');
  });

  test('a read-only user cannot refresh: the button is disabled with the reason, and the API answers 403', async ({ page }) => {
    const k = new KedaPage(page);
    await k.goto();
    await k.shell.contextSelect.selectOption(VIEWER);
    // The built-in view role does not cover keda.sh: the page says so rather than showing nothing.
    await expect(page.getByText(`Context ${VIEWER} may not list ScaledObjects`)).toBeVisible({ timeout: 30_000 });

    // As KEDA's Helm chart can do (rbac.aggregateToDefaultRoles): let the view role read ScaledObjects.
    const role = 'e2e-keda-view';
    const created = await simRequest('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
      metadata: { name: role, labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ apiGroups: ['keda.sh'], resources: ['scaledobjects', 'scaledjobs'], verbs: ['get', 'list', 'watch'] }],
    });
    expect(created.status).toBe(201);
    try {
      const p = new ScaledObjectPage(page);
      await expect(async () => {
        await page.goto('/keda/streaming/order-events-consumer');
        await expect(page.getByRole('heading', { name: 'order-events-consumer', level: 1 })).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 45_000 });
      await expect(k.shell.contextSelect).toHaveValue(VIEWER);
      for (const type of ['scaledobject-refresh', 'keda-operator-restart'] as const) {
        const a = p.action(type);
        await expect(a.planButton).toBeDisabled();
        await expect(a.planButton).toHaveAccessibleDescription(/may not|missing|cannot/i);
      }
      await expect(p.action('scaledobject-refresh').reason).toContainText('patch scaledobjects.keda.sh in namespace streaming');
      await screens(page, 'keda-read-only');

      // The API refuses too: the plan says who may not, and starting it is 403.
      const plan = await postFromPage(page, '/api/v1/plans', { type: 'scaledobject-refresh', target: { namespace: 'streaming', kind: 'ScaledObject', name: 'order-events-consumer' } });
      expect(plan.status).toBe(201);
      expect(plan.body.access).toMatchObject({ allowed: false });
      const start = await postFromPage(page, '/api/v1/migrations', { planId: plan.body.id });
      expect(start.status).toBe(403);
      expect(String(start.body.detail)).toContain('patch scaledobjects.keda.sh in namespace streaming');
    } finally {
      await simRequest('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`);
    }
  });

  test('a cluster without KEDA: "not installed" is a normal state', async ({ page }) => {
    test.setTimeout(120_000);
    const port = Number(process.env.SCALEGUARD_E2E_PORT ?? 3100) + 2;
    const simPort = Number(process.env.SCALEGUARD_E2E_SIM_PORT ?? 6543) + 2;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-e2e-keda-bare-'));
    const sim = await startSimulator(simPort, 'e2e/fixtures/bare', path.join(dir, 'kubeconfig'));
    try {
      const web = await startDashboard(port, path.join(dir, 'kubeconfig'), path.join(dir, 'data'));
      try {
        await page.goto(`${web.url}/keda`);
        const k = new KedaPage(page);
        await expect(k.notInstalled).toContainText('KEDA is not installed', { timeout: 30_000 });
        await expect(k.notInstalled).toContainText('a normal state, not an error');
        await expect(page.getByText('KEDA not installed', { exact: true })).toBeVisible();
        await expect(page.locator('[data-tone="crit"]')).toHaveCount(0);
        await expect(k.installation).toHaveCount(0);
        await screens(page, 'keda-not-installed');
      } finally {
        await web.stop();
      }
    } finally {
      await sim.stop();
    }
  });
});

/** A strategic merge patch as the simulator's admin, the way `kubectl set env` sends it. */
function strategicPatch(apiPath: string, body: unknown): Promise<Response> {
  const { server, token } = simAccess();
  return fetch(`${server}${apiPath}`, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/strategic-merge-patch+json' }, body: JSON.stringify(body) });
}
