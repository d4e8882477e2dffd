import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CanariesPage } from './pages/canaries-page';
import { FindingsPage } from './pages/findings-page';
import { MigrationRunPage } from './pages/migration-run-page';
import { MigrationsPage } from './pages/migrations-page';
import { WizardPage } from './pages/wizard-page';
import { WorkloadsPage } from './pages/workloads-page';
import { canaryPath, findingsOn, getObject, hpaPath, owners, ReplicaSampler, scaledObjectPath, waitForIdleCanary } from './support/migrations';
import { startDashboard, startSimulator, type Started } from './support/processes';
import { screens } from './support/screens';
import { simRequestTo } from './support/sim';

// The guided migrator's journeys on the demo. These specs own delivery/podinfo (migrated, and left
// so) and shop/catalog (migrated, then rolled back to its HPA); nothing else in the demo is changed.

/** Plans in the wizard, checks nothing blocks, starts, and returns on the run page. */
async function planAndStart(page: Page, w: WizardPage, shot?: string): Promise<MigrationRunPage> {
  await w.planned();
  await expect(w.failedChecks.filter({ hasText: 'blocking' })).toHaveCount(0);
  await expect(page.locator('[data-dry-run="refused"]')).toHaveCount(0);
  await expect(w.startButton).toBeEnabled();
  if (shot) await screens(page, shot);
  await w.startButton.click();
  await expect(page).toHaveURL(/\/migrations\/[a-z0-9-]+$/);
  const r = new MigrationRunPage(page);
  await expect(r.steps.first()).toBeVisible();
  return r;
}

/** Runs every step from the run page, one button at a time, until the migration is done. */
async function runAll(page: Page, r: MigrationRunPage, shot?: string): Promise<void> {
  const n = await r.steps.count();
  for (let k = 1; k <= n; k++) {
    if (k === 1 && shot) {
      await r.runButton(1).click();
      // Progress while the first step waits for KEDA to adopt the HPA (if it is not done at once).
      await r.steps.first().locator('[data-step-progress]').waitFor({ timeout: 5000 }).catch(() => undefined);
      await screens(page, shot);
      await expect(r.steps.first()).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
    } else {
      await r.runStep(k, 240_000);
    }
  }
  await expect(page.locator('[data-status-banner="done"]')).toBeVisible({ timeout: 30_000 });
}

test.describe.serial('guided migration on the demo', () => {
  test('canary delivery/podinfo moves from HPA to ScaledObject, primary included, within its bounds', async ({ page, baseURL }) => {
    test.setTimeout(12 * 60_000);
    await waitForIdleCanary('delivery', 'podinfo');
    const canaries = new CanariesPage(page);
    await canaries.goto();
    await expect(canaries.row('delivery', 'podinfo').locator('[data-autoscaler-ref]')).toContainText('HPA');
    await expect(canaries.row('delivery', 'podinfo').locator('[data-primary-autoscaler]')).toContainText('podinfo-primary');
    await screens(page, 'canaries');

    // podinfo-primary serves and stays within the HPA's 2–6; the canary side is 0 while Flagger keeps it idle.
    const replicas = new ReplicaSampler(baseURL!, 'delivery', ['podinfo', 'podinfo-primary']).start();
    const w = new WizardPage(page);
    await w.goto('canary-hpa-to-scaledobject', { namespace: 'delivery', kind: 'Canary', name: 'podinfo' });
    await w.planned();
    await expect(w.steps.first()).toHaveAttribute('data-step', 'create-scaledobject');
    await expect(w.step('create-scaledobject').locator('[data-diff="ScaledObject/podinfo"]')).toContainText('+');
    await expect(w.step('create-scaledobject').locator('[data-diff="ScaledObject/podinfo"] tr[data-line="add"]').filter({ hasText: 'transfer-hpa-ownership' })).toHaveCount(1);
    await expect(w.step('patch-canary-autoscalerref').locator('tr[data-line="add"]').filter({ hasText: 'kind: ScaledObject' })).toHaveCount(1);
    await expect(w.check('flagger-release')).toHaveAttribute('data-ok', 'true');
    const r = await planAndStart(page, w, 'wizard-canary');
    await runAll(page, r, 'migration-canary-running');
    await screens(page, 'migration-canary-done');
    replicas.stop();

    expect(owners(await getObject(hpaPath('delivery', 'podinfo')))).toContain('ScaledObject/podinfo');
    expect(owners(await getObject(hpaPath('delivery', 'podinfo-primary')))).toContain('ScaledObject/podinfo-primary');
    expect((await getObject(canaryPath('delivery', 'podinfo')))?.spec?.autoscalerRef).toEqual({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'podinfo' });
    expect(await findingsOn(baseURL!, 'delivery', ['podinfo', 'podinfo-primary'])).toEqual([]);
    replicas.expectWithin('podinfo-primary', (n) => n >= 2 && n <= 6, '2–6');
    replicas.expectWithin('podinfo', (n) => n === 0 || (n >= 2 && n <= 6), '0 (idle) or 2–6');

    // Both lists say so.
    await canaries.goto();
    await expect(canaries.row('delivery', 'podinfo').locator('[data-autoscaler-ref]')).toContainText('ScaledObject');
    await expect(canaries.row('delivery', 'podinfo').locator('[data-migration]')).toContainText('Done');
    const m = new MigrationsPage(page);
    await m.goto('?status=done');
    await expect(m.row('delivery', 'podinfo', 'canary-hpa-to-scaledobject')).toContainText('Done');
    await screens(page, 'migrations');
  });

  test('shop/catalog moves from HPA to ScaledObject, then a rollback restores the HPA', async ({ page, baseURL }) => {
    test.setTimeout(8 * 60_000);
    const replicas = new ReplicaSampler(baseURL!, 'shop', ['catalog']).start();
    const w = new WizardPage(page);
    await w.goto('hpa-to-scaledobject', { namespace: 'shop', kind: 'Deployment', name: 'catalog' });
    const r = await planAndStart(page, w, 'wizard-catalog');
    await runAll(page, r);
    expect(owners(await getObject(hpaPath('shop', 'catalog')))).toEqual(['ScaledObject/catalog']);
    expect(await getObject(scaledObjectPath('shop', 'catalog'))).toBeDefined();

    // Roll back from the keyboard: the dialog opens on Cancel, Escape leaves it, then confirm.
    await r.rollbackButton.click();
    await expect(r.dialog).toBeVisible();
    await expect(r.dialog).toContainText(`ConfigMap ${await page.locator('[data-record]').innerText()}`);
    await page.keyboard.press('Escape');
    await expect(r.dialog).toBeHidden();
    await r.rollbackButton.click();
    await r.dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect(r.status).toContainText('Rolled back', { timeout: 180_000 });
    await expect(r.rollbackButton).toHaveAttribute('aria-disabled', 'true');
    await screens(page, 'migration-catalog-rolled-back');
    replicas.stop();

    await expect.poll(async () => getObject(scaledObjectPath('shop', 'catalog')), { timeout: 60_000 }).toBeUndefined();
    const hpa = await getObject(hpaPath('shop', 'catalog'));
    expect(owners(hpa)).toEqual([]);
    expect(hpa?.spec).toMatchObject({ minReplicas: 3, maxReplicas: 9, scaleTargetRef: { kind: 'Deployment', name: 'catalog' } });
    replicas.expectWithin('catalog', (n) => n >= 3 && n <= 9, '3–9');

    const workloads = new WorkloadsPage(page);
    await workloads.goto('?namespace=shop');
    await expect(workloads.row('shop', 'catalog')).toContainText('HPA');
    await expect(workloads.row('shop', 'catalog')).not.toContainText('ScaledObject');
    const m = new MigrationsPage(page);
    await m.goto('?namespace=shop&status=rolled-back');
    await expect(m.row('shop', 'catalog', 'hpa-to-scaledobject')).toContainText('Rolled back');
  });

  test('the read-only context sees every write disabled with the reason, and the API answers 403', async ({ page }) => {
    test.setTimeout(3 * 60_000);
    const f = new FindingsPage(page);
    await f.goto('?namespace=shop&rule=hpa-and-scaledobject');
    await f.shell.contextSelect.selectOption('scaleguard-sim-viewer');
    await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === 'scaleguard_context')?.value).toBe('scaleguard-sim-viewer');
    await f.goto('?namespace=shop&rule=hpa-and-scaledobject');
    const action = f.finding('hpa-and-scaledobject').first().getByRole('button', { name: 'Migrate HPA to ScaledObject' });
    await expect(action).toBeDisabled();
    await expect(action).toHaveAccessibleDescription(/may not/);
    await screens(page, 'findings-viewer');

    const w = new WizardPage(page);
    await w.goto('hpa-to-scaledobject', { namespace: 'shop', kind: 'Deployment', name: 'catalog' });
    await w.planned();
    await expect(w.startButton).toBeDisabled();
    await expect(w.startButton).toHaveAccessibleDescription(/may not create scaledobjects\.keda\.sh/);
    await expect(page.locator('[data-access-reason]')).toContainText('may not');
    await screens(page, 'wizard-viewer');

    // The API refuses the same caller whatever the page shows.
    const csrf = (await page.context().cookies()).find((c) => c.name === 'scaleguard_csrf')!.value;
    const headers = { 'x-scaleguard-csrf': csrf, 'Content-Type': 'application/json' };
    const plan = await page.request.post('/api/v1/plans?context=scaleguard-sim-viewer', { headers, data: { type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'catalog' } } });
    expect(plan.status()).toBe(201);
    const planned = (await plan.json()) as { id: string; access: { allowed: boolean } };
    expect(planned.access.allowed).toBe(false);
    const start = await page.request.post('/api/v1/migrations?context=scaleguard-sim-viewer', { headers, data: { planId: planned.id } });
    expect(start.status()).toBe(403);
    expect(((await start.json()) as { detail: string }).detail).toMatch(/may not/);

    // A migration's page: run and rollback disabled, with the reason.
    const list = (await (await page.request.get('/api/v1/migrations?context=scaleguard-sim-viewer')).json()) as { items: { migrationId?: string; target: { name: string } }[] };
    const id = list.items.find((i) => i.migrationId && i.target.name === 'catalog')?.migrationId;
    expect(id).toBeDefined();
    const r = new MigrationRunPage(page);
    await r.goto(id!);
    await expect(r.rollbackButton).toHaveAttribute('aria-disabled', 'true');
    await expect(r.rollbackButton).toHaveAccessibleDescription(/may not/);
    const rollback = await page.request.post(`/api/v1/migrations/${id}/rollback?context=scaleguard-sim-viewer`, { headers, data: {} });
    expect(rollback.status()).toBe(403);
    await screens(page, 'migration-viewer');
    await r.shell.contextSelect.selectOption('scaleguard-sim');
  });
});

test.describe('guided migration with Flagger before PR #1677', () => {
  const started: Started[] = [];
  test.afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });

  test('the wizard shows what Flagger 1.37.0 would do and the steps that replace it; the migration completes', async ({ page }) => {
    test.setTimeout(12 * 60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-e2e-flagger137-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    started.push(await startSimulator(6692, 'e2e/fixtures/flagger-1.37', kubeconfig));
    const dash = await startDashboard(3194, kubeconfig, dir);
    started.push(dash);
    const sim = simRequestTo(kubeconfig);
    await waitForIdleCanary('delivery', 'podinfo', sim);

    const w = new WizardPage(page);
    await w.goto('canary-hpa-to-scaledobject', { namespace: 'delivery', kind: 'Canary', name: 'podinfo' }, dash.url);
    await w.planned();
    const flagger = w.check('flagger-release');
    await expect(flagger).toHaveAttribute('data-ok', 'false');
    await expect(flagger).toContainText('warning');
    await expect(flagger).toContainText('1.37.0');
    await expect(flagger).toContainText('flagger#1646');
    await expect(flagger).toContainText('What to do:');
    await expect(w.step('create-primary-scaledobject')).toBeVisible();
    await expect(w.step('create-primary-scaledobject').locator('[data-diff="ScaledObject/podinfo-primary"]')).toBeVisible();
    const r = await planAndStart(page, w, 'wizard-flagger-1.37');
    await runAll(page, r);
    await screens(page, 'migration-flagger-1.37-done');

    // KEDA named both HPAs itself, each owned by its ScaledObject; the Canary names the ScaledObject.
    expect(owners(await getObject(hpaPath('delivery', 'keda-hpa-podinfo'), sim))).toEqual(['ScaledObject/podinfo']);
    expect(owners(await getObject(hpaPath('delivery', 'keda-hpa-podinfo-primary'), sim))).toEqual(['ScaledObject/podinfo-primary']);
    expect((await getObject(canaryPath('delivery', 'podinfo'), sim))?.spec?.autoscalerRef).toEqual({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'podinfo' });
    expect(await findingsOn(dash.url, 'delivery', ['podinfo', 'podinfo-primary'])).toEqual([]);
  });
});
