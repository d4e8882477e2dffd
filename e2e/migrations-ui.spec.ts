import { expect, test, type Page, type Route } from '@playwright/test';
import type { PlanRequest } from '@/lib/dto/migrations';
import {
  exampleForbiddenPlan, exampleMigrationDone, exampleMigrations, exampleMigrationWaiting, exampleNeedsInputPlan, examplePlan,
} from '../components/migrations/__examples__/examples';
import { MigrationRunPage } from './pages/migration-run-page';
import { MigrationsPage } from './pages/migrations-page';
import { WizardPage } from './pages/wizard-page';
import { screens } from './support/screens';

// States of the migration pages the demo cannot show on demand (a list that fails to load, a plan
// that needs input, a step half-way through its wait): the write API answers from typed examples.

const json = (route: Route, body: unknown, status = 200) =>
  route.fulfill({ status, contentType: status >= 400 ? 'application/problem+json' : 'application/json', body: JSON.stringify(body) });

async function mockList(page: Page, body: unknown, status = 200) {
  await page.route(/\/api\/v1\/migrations(\?.*)?$/, (route) => (route.request().method() === 'GET' ? json(route, body, status) : route.fallback()));
}

test.describe('migration pages: states from example answers', () => {
  test('the browser filters by status and namespace in the URL', async ({ page }) => {
    await mockList(page, exampleMigrations);
    const m = new MigrationsPage(page);
    await m.goto();
    await expect(m.rows).toHaveCount(exampleMigrations.items.length);
    // What needs attention comes first.
    await expect(m.rows.first()).toHaveAttribute('data-status', 'in-progress');
    await expect(m.row('delivery', 'podinfo')).toContainText('step 2 of 3');
    await expect(m.row('streaming', 'ingest')).toContainText('kafka_consumergroup_lag');
    await expect(m.row('shop', 'catalog').getByRole('link', { name: 'Plan migration' })).toHaveAttribute('href', '/migrations/new?type=hpa-to-scaledobject&namespace=shop&kind=Deployment&name=catalog');
    await expect(m.row('delivery', 'podinfo').getByRole('link', { name: 'Open migration' })).toHaveAttribute('href', '/migrations/mig-podinfo-1');
    await expect(m.row('shop', 'catalog').getByRole('link', { name: 'catalog' })).toHaveAttribute('href', '/workloads/shop/Deployment/catalog');
    await screens(page, 'migrations-examples');

    await m.statusChip('Blocked').click();
    await expect(page).toHaveURL(/status=blocked/);
    await expect(m.rows).toHaveCount(1);
    await m.statusChip('Blocked').click();
    await m.namespaceFilter.selectOption('shop');
    await expect(page).toHaveURL(/namespace=shop/);
    await expect(m.rows).toHaveCount(3);
    await page.reload();
    await expect(m.namespaceFilter).toHaveValue('shop');
    await expect(m.rows).toHaveCount(3);
    await m.statusChip('Failed').click();
    await expect(page.getByText('No migration matches these filters')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(m.rows).toHaveCount(exampleMigrations.items.length);
  });

  test('the browser says so when the list is empty or fails', async ({ page }) => {
    await mockList(page, { items: [], generatedAt: exampleMigrations.generatedAt });
    const m = new MigrationsPage(page);
    await m.goto();
    await expect(page.getByText('Nothing to migrate')).toBeVisible();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await mockList(page, { title: 'Internal error', status: 500, detail: 'the migration records could not be read' }, 500);
    await m.goto();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('the migration records could not be read', { timeout: 20_000 });
    await screens(page, 'migrations-error');
  });

  test('a plan that needs a trigger asks for it, shows the refusal verbatim, and plans again', async ({ page }) => {
    const bodies: PlanRequest[] = [];
    await page.route('**/api/v1/plans*', async (route) => {
      const body = route.request().postDataJSON() as PlanRequest;
      bodies.push(body);
      expect(route.request().headers()['x-scaleguard-csrf']).toBeTruthy();
      await json(route, body.options?.triggers ? { ...examplePlan, id: 'plan-2', type: 'hpa-to-scaledobject', target: body.target } : exampleNeedsInputPlan);
    });
    const w = new WizardPage(page);
    await w.goto('hpa-to-scaledobject', { namespace: 'streaming', kind: 'Deployment', name: 'ingest' });
    await w.planned();
    await expect(w.check('metrics-convertible')).toContainText('blocking');
    await expect(w.check('metrics-convertible')).toContainText('What to do:');
    await expect(w.check('container-requests')).toContainText('warning');
    await expect(page.locator('[data-dry-run="refused"]')).toContainText("is already managed by the hpa 'ingest'");
    await expect(w.startButton).toBeDisabled();
    await expect(w.startButton).toHaveAccessibleDescription(/Preflight check metrics-convertible failed/);
    await screens(page, 'wizard-needs-input');

    await page.getByLabel('Metadata, one key: value per line').fill('serverAddress: http://prometheus.monitoring:9090\nquery: sum(kafka_consumergroup_lag{group="ingest"})\nthreshold: 100');
    await page.getByRole('button', { name: 'Plan again with these triggers' }).click();
    await expect(w.optionsForm).toHaveCount(0);
    await expect(w.startButton).toBeEnabled();
    expect(bodies.at(-1)!.options).toEqual({
      triggers: { 1: { type: 'prometheus', metricType: 'AverageValue', metadata: { serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(kafka_consumergroup_lag{group="ingest"})', threshold: '100' } } },
    });
  });

  test('a caller who may not write sees the plan, and Start disabled with the reason', async ({ page }) => {
    await page.route('**/api/v1/plans*', (route) => json(route, exampleForbiddenPlan));
    const w = new WizardPage(page);
    await w.goto('canary-hpa-to-scaledobject', { namespace: 'delivery', kind: 'Canary', name: 'podinfo' });
    await w.planned();
    await expect(w.steps).toHaveCount(3);
    await expect(w.step('create-scaledobject').locator('[data-diff]')).toContainText('ScaledObject delivery/podinfo');
    await expect(w.step('create-scaledobject').locator('tr[data-line="add"]').first()).toBeVisible();
    await expect(w.startButton).toBeDisabled();
    await expect(w.startButton).toHaveAccessibleDescription(/may not create scaledobjects\.keda\.sh/);
    await screens(page, 'wizard-forbidden');
  });

  test('a planning error is explained, with a way back', async ({ page }) => {
    await page.route('**/api/v1/plans*', (route) => json(route, { title: 'Not found', status: 404, detail: 'Canary delivery/nope does not exist.' }, 404));
    const w = new WizardPage(page);
    await w.goto('canary-hpa-to-scaledobject', { namespace: 'delivery', kind: 'Canary', name: 'nope' });
    await expect(page.getByRole('main').getByRole('alert')).toContainText('Canary delivery/nope does not exist.');
    await expect(page.getByRole('main').getByRole('link', { name: 'Back to migrations' })).toBeVisible();
  });

  test('the run page shows live progress and a rollback dialog usable from the keyboard', async ({ page }) => {
    await page.route(/\/api\/v1\/migrations\/mig-podinfo-1(\?.*)?$/, (route) => json(route, { ...exampleMigrationWaiting, steps: exampleMigrationWaiting.steps.map((s) => (s.startedAt && s.state === 'waiting' ? { ...s, startedAt: new Date(Date.now() - 40_000).toISOString() } : s)) }));
    const r = new MigrationRunPage(page);
    await r.goto('mig-podinfo-1');
    await expect(r.step('patch-canary')).toHaveAttribute('data-state', 'waiting');
    await expect(r.step('patch-canary').getByRole('progressbar')).toBeVisible();
    await expect(r.step('patch-canary')).toContainText('2 of 3 conditions met');
    await expect(r.step('create-scaledobject').locator('details[data-diff]')).not.toHaveAttribute('open', '');
    await expect(page.locator('[data-backups]')).toContainText('podinfo-primary');
    await expect(page.locator('[data-record]')).toHaveText('delivery/scaleguard-migration-mig-podinfo-1');
    // While a step waits the next cannot be run and rollback waits too, each saying why.
    await expect(r.rollbackButton).toHaveAttribute('aria-disabled', 'true');
    await expect(r.rollbackButton).toHaveAccessibleDescription(/Step 2 is still waiting/);
    await screens(page, 'migration-run-waiting');

    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.route(/\/api\/v1\/migrations\/mig-podinfo-1(\?.*)?$/, (route) => json(route, exampleMigrationDone));
    await r.goto('mig-podinfo-1');
    await expect(page.locator('[data-status-banner="done"]')).toBeVisible();
    await r.rollbackButton.focus();
    await page.keyboard.press('Enter');
    await expect(r.dialog).toBeVisible();
    await expect(r.dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    // Focus stays in the dialog: Tab from its last button wraps to its first control.
    await r.dialog.getByRole('button', { name: 'Roll back' }).focus();
    await page.keyboard.press('Tab');
    await expect(r.dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(r.dialog.getByRole('button', { name: 'Roll back' })).toBeFocused();
    await screens(page, 'migration-rollback-dialog');
    await page.keyboard.press('Escape');
    await expect(r.dialog).toBeHidden();
    await expect(r.rollbackButton).toBeFocused();
  });

  test('a migration that does not exist gets a clear page', async ({ page }) => {
    await page.route(/\/api\/v1\/migrations\/no-such(\?.*)?$/, (route) => json(route, { title: 'Not found', status: 404, detail: 'No migration no-such.' }, 404));
    await page.goto('/migrations/no-such');
    await expect(page.getByText('Migration no-such was not found')).toBeVisible();
  });
});
