import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CanariesPage } from './pages/canaries-page';
import { MigrationRunPage } from './pages/migration-run-page';
import { MigrationsPage } from './pages/migrations-page';
import { WizardPage } from './pages/wizard-page';
import { WorkloadsPage } from './pages/workloads-page';
import { canaryPath, findingsOn, getObject, hpaPath, owners, recordedReplicas, ReplicaSampler, scaledObjectPath, waitForIdleCanary, writeHeaders } from './support/migrations';
import { startDashboard, startSimulator, type Started } from './support/processes';
import { screens } from './support/screens';
import { simRequest, simRequestTo } from './support/sim';

// The guided migrator's journeys on the demo. These specs own delivery/podinfo (migrated, and left
// so), shop/catalog (migrated, then rolled back to its HPA) and shop/inventory (a concurrent edit,
// rolled back and restored); nothing else in the demo is changed.

/** Extra processes of this spec (ports 3151–3159 / 6551–6559 are this worktree's). */
const EXTRA_DASHBOARD_PORT = 3151;
const EXTRA_SIM_PORT = 6551;

/** Plans in the wizard, checks nothing blocks, starts, and returns on the run page. */
async function planAndStart(page: Page, w: WizardPage, shot?: string): Promise<MigrationRunPage> {
  await w.planned();
  await expect(w.failedChecks.filter({ hasText: 'blocking' })).toHaveCount(0);
  await expect(page.locator('[data-dry-run="refused"]')).toHaveCount(0);
  await expect(w.startButton).toBeEnabled();
  if (shot) await screens(page, shot);
  await w.startButton.click();
  await expect(page).toHaveURL(/\/migrations\/[a-z0-9]+$/);
  const r = new MigrationRunPage(page);
  await expect(r.steps.first()).toBeVisible();
  return r;
}

/** Runs every step from the run page, one button at a time, until the migration is done. */
async function runAll(page: Page, r: MigrationRunPage, shot?: string): Promise<void> {
  const n = await r.steps.count();
  expect(n).toBeGreaterThan(0);
  for (let k = 1; k <= n; k++) {
    if (k === 1 && shot) {
      await r.runButton(1).click();
      // The step card shows its progress while it waits for KEDA to adopt the HPA.
      await expect(r.steps.first()).toHaveAttribute('data-state', /running|waiting|done/);
      await screens(page, shot);
      await expect(r.steps.first()).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
    } else {
      await r.runStep(k, 240_000);
    }
  }
  await expect(page.locator('[data-status-banner="done"]')).toBeVisible({ timeout: 30_000 });
}

/** Every value satisfies `allowed` (and there is at least one). */
function expectAll(values: number[], allowed: (n: number) => boolean, what: string): void {
  expect(values.length, `${what}: no value recorded`).toBeGreaterThan(0);
  expect(values.filter((n) => !allowed(n)), `${what}: ${values.join(' ')}`).toEqual([]);
}

test.describe.serial('guided migration on the demo', () => {
  test('canary delivery/podinfo moves from HPA to ScaledObject, primary included, within its bounds', async ({ page, baseURL }) => {
    test.setTimeout(12 * 60_000);
    await waitForIdleCanary('delivery', 'podinfo');
    const canaries = new CanariesPage(page);
    await canaries.goto();
    const row = canaries.row('delivery', 'podinfo');
    await expect(row.locator('[data-autoscaler-ref]')).toContainText('HPA');
    await expect(row.locator('[data-primary-autoscaler]')).toContainText('podinfo-primary');
    await expect(row.locator('[data-migration]')).toContainText('Ready');
    await screens(page, 'canaries');

    const since = Date.now();
    const replicas = new ReplicaSampler(baseURL!, 'delivery', ['podinfo', 'podinfo-primary']).start();
    // From the list of canaries to the wizard, as a user would.
    await row.locator('[data-migration]').getByRole('link', { name: 'Plan migration' }).click();
    const w = new WizardPage(page);
    await w.planned();
    await expect(w.steps.first()).toHaveAttribute('data-step', 'create-scaledobject');
    await expect(w.step('create-scaledobject').locator('[data-diff="ScaledObject/podinfo"] tr[data-line="add"]').filter({ hasText: 'transfer-hpa-ownership' })).toHaveCount(1);
    await expect(w.step('patch-canary-autoscalerref').locator('tr[data-line="add"]').filter({ hasText: 'kind: ScaledObject' })).toHaveCount(1);
    await expect(w.check('flagger-release')).toHaveAttribute('data-ok', 'true');
    const r = await planAndStart(page, w, 'wizard-canary');
    await runAll(page, r, 'migration-canary-running');
    await screens(page, 'migration-canary-done');
    replicas.stop();

    // Both HPAs are the same objects, now owned by their ScaledObjects; the Canary names the ScaledObject.
    expect(owners(await getObject(hpaPath('delivery', 'podinfo')))).toEqual(['ScaledObject/podinfo']);
    expect(owners(await getObject(hpaPath('delivery', 'podinfo-primary')))).toEqual(['ScaledObject/podinfo-primary']);
    expect((await getObject(canaryPath('delivery', 'podinfo')))?.spec?.autoscalerRef).toEqual({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'podinfo' });
    await expect.poll(() => findingsOn(baseURL!, 'delivery', ['podinfo', 'podinfo-primary'])).toEqual([]);
    // The primary serves within the HPA's 2–6 throughout; the idle canary side is 0 (Flagger) or within bounds.
    replicas.expectWithin('podinfo-primary', (n) => n >= 2 && n <= 6, '2–6');
    replicas.expectWithin('podinfo', (n) => n === 0 || (n >= 2 && n <= 6), '0 (idle) or 2–6');
    expectAll(await recordedReplicas(baseURL!, 'delivery', 'Deployment', 'podinfo-primary', since), (n) => n >= 2 && n <= 6, 'recorded replicas of podinfo-primary outside 2–6');
    expectAll(await recordedReplicas(baseURL!, 'delivery', 'Deployment', 'podinfo', since), (n) => n === 0 || (n >= 2 && n <= 6), 'recorded replicas of podinfo outside 0 or 2–6');

    // Both lists say so, and link to the migration.
    await canaries.goto();
    await expect(row.locator('[data-autoscaler-ref]')).toContainText('ScaledObject');
    await expect(row.locator('[data-migration]')).toContainText('Done');
    const m = new MigrationsPage(page);
    await m.goto('?status=done');
    await expect(m.row('delivery', 'podinfo', 'canary-hpa-to-scaledobject')).toContainText('Done');
    await m.row('delivery', 'podinfo', 'canary-hpa-to-scaledobject').getByRole('link', { name: 'Open migration' }).click();
    await expect(page.locator('[data-status-banner="done"]')).toBeVisible();
    await m.goto();
    await screens(page, 'migrations');
  });

  test('shop/catalog moves from HPA to ScaledObject; a cross-origin rollback is refused; the run page rolls back to the original HPA', async ({ page, baseURL }) => {
    test.setTimeout(8 * 60_000);
    const original = await getObject(hpaPath('shop', 'catalog'));
    expect(owners(original)).toEqual([]);
    const since = Date.now();
    const m = new MigrationsPage(page);
    await m.goto('?namespace=shop');
    await expect(m.row('shop', 'catalog', 'hpa-to-scaledobject')).toHaveAttribute('data-status', 'ready');
    await m.row('shop', 'catalog', 'hpa-to-scaledobject').getByRole('link', { name: 'Plan migration' }).click();
    const w = new WizardPage(page);
    const r = await planAndStart(page, w, 'wizard-catalog');
    await runAll(page, r);
    expect(owners(await getObject(hpaPath('shop', 'catalog')))).toEqual(['ScaledObject/catalog']);
    expect(await getObject(scaledObjectPath('shop', 'catalog'))).toBeDefined();

    // A foreign page cannot roll it back, even with the right CSRF token: the Origin decides.
    const headers = await writeHeaders(await page.context().cookies());
    const foreign = await page.request.post(`/api/v1/migrations/${r.id()}/rollback`, { headers: { ...headers, Origin: 'http://evil.example' }, data: {} });
    expect(foreign.status()).toBe(403);
    const noToken = await page.request.post(`/api/v1/migrations/${r.id()}/rollback`, { headers: { 'Content-Type': 'application/json' }, data: {} });
    expect(noToken.status()).toBe(403);
    expect(owners(await getObject(hpaPath('shop', 'catalog')))).toEqual(['ScaledObject/catalog']);
    await expect(page.locator('[data-status-banner="done"]')).toBeVisible();

    // Roll back from the keyboard: the dialog opens, Escape leaves it, then confirm.
    await r.rollbackButton.focus();
    await page.keyboard.press('Enter');
    await expect(r.dialog).toBeVisible();
    await expect(r.dialog).toContainText(`ConfigMap ${await page.locator('[data-record]').innerText()}`);
    await page.keyboard.press('Escape');
    await expect(r.dialog).toBeHidden();
    await r.rollbackButton.click();
    await r.dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect(r.status).toContainText('Rolled back', { timeout: 180_000 });
    await expect(r.rollbackButton).toHaveAttribute('aria-disabled', 'true');
    await screens(page, 'migration-catalog-rolled-back');

    await expect.poll(async () => getObject(scaledObjectPath('shop', 'catalog')), { timeout: 60_000 }).toBeUndefined();
    const hpa = await getObject(hpaPath('shop', 'catalog'));
    expect(owners(hpa)).toEqual([]);
    expect(hpa?.spec).toEqual(original?.spec);
    expectAll(await recordedReplicas(baseURL!, 'shop', 'Deployment', 'catalog', since), (n) => n >= 3 && n <= 9, 'recorded replicas of catalog outside 3–9');

    const workloads = new WorkloadsPage(page);
    await workloads.goto('?namespace=shop');
    await expect(workloads.row('shop', 'catalog')).toContainText('HPA');
    await expect(workloads.row('shop', 'catalog')).not.toContainText('ScaledObject');
    await m.goto('?namespace=shop&status=rolled-back');
    await expect(m.row('shop', 'catalog', 'hpa-to-scaledobject')).toContainText('Rolled back');
    await expect(m.row('shop', 'catalog', 'hpa-to-scaledobject')).toContainText('ready to plan again');
  });

  test('an edit of the HPA between plan and apply is detected and re-planned, never overwritten', async ({ page }) => {
    test.setTimeout(6 * 60_000);
    const before = await getObject(hpaPath('shop', 'inventory'));
    const max = Number(before?.spec?.maxReplicas);
    expect(owners(before)).toEqual([]);
    const w = new WizardPage(page);
    await w.goto('hpa-to-scaledobject', { namespace: 'shop', kind: 'Deployment', name: 'inventory' });
    await w.planned();
    await expect(w.step('create-scaledobject').locator('[data-diff="ScaledObject/inventory"]')).toContainText(`maxReplicaCount: ${max}`);
    const r = await planAndStart(page, w);

    // Someone raises the HPA's maximum after the plan was made.
    const edit = await simRequest('PATCH', hpaPath('shop', 'inventory'), { spec: { maxReplicas: max + 3 } }, { contentType: 'application/merge-patch+json' });
    expect(edit.ok, `PATCH: ${edit.status}`).toBe(true);
    await r.runStep(1, 180_000);
    await expect(page.locator('[data-log]')).toContainText('conflict — HorizontalPodAutoscaler shop/inventory changed after the plan was made');
    await expect(page.locator('[data-log]')).toContainText('nothing was overwritten');
    // The ScaledObject carries the new maximum, the HPA kept it, and the shown diff says so.
    expect((await getObject(scaledObjectPath('shop', 'inventory')))?.spec?.maxReplicaCount).toBe(max + 3);
    expect((await getObject(hpaPath('shop', 'inventory')))?.spec?.maxReplicas).toBe(max + 3);
    await expect(r.step('create-scaledobject').locator('[data-diff="ScaledObject/inventory"]')).toContainText(`maxReplicaCount: ${max + 3}`);
    await screens(page, 'migration-replanned');

    // Leave the demo as found: roll back (restores the HPA as the migration found it), then undo the edit.
    await r.rollbackButton.click();
    await r.dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect(r.status).toContainText('Rolled back', { timeout: 180_000 });
    const restored = await getObject(hpaPath('shop', 'inventory'));
    expect(owners(restored)).toEqual([]);
    expect(restored?.spec?.maxReplicas).toBe(max + 3);
    expect((await simRequest('PATCH', hpaPath('shop', 'inventory'), { spec: { maxReplicas: max } }, { contentType: 'application/merge-patch+json' })).ok).toBe(true);
  });

  test('the read-only context sees every write disabled with the reason, and the API answers 403', async ({ page }) => {
    test.setTimeout(4 * 60_000);
    // The admin starts a migration of shop/catalog (no step run yet) for the viewer to look at.
    const m = new MigrationsPage(page);
    await m.goto();
    const admin = await writeHeaders(await page.context().cookies());
    const adminPlan = await page.request.post('/api/v1/plans?context=scaleguard-sim', { headers: admin, data: { type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'catalog' } } });
    expect(adminPlan.status()).toBe(201);
    const pending = ((await (await page.request.post('/api/v1/migrations?context=scaleguard-sim', { headers: admin, data: { planId: ((await adminPlan.json()) as { id: string }).id } })).json()) as { id: string }).id;

    // The viewer: the built-in view role of the scenario, chosen with the context switcher.
    await m.shell.contextSelect.selectOption('scaleguard-sim-viewer');
    await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === 'scaleguard_context')?.value).toBe('scaleguard-sim-viewer');

    const w = new WizardPage(page);
    await w.goto('hpa-to-scaledobject', { namespace: 'shop', kind: 'Deployment', name: 'inventory' });
    await w.planned();
    await expect(w.startButton).toBeDisabled();
    await expect(w.startButton).toHaveAccessibleDescription(/may not create scaledobjects\.keda\.sh/);
    await expect(page.locator('[data-access-reason]')).toContainText('may not');
    await screens(page, 'wizard-viewer');

    // The admin's migration: running its step and rolling it back are disabled, each with the reason.
    const r = new MigrationRunPage(page);
    await r.goto(pending);
    await expect(r.runButton(1)).toBeDisabled();
    await expect(r.runButton(1)).toHaveAccessibleDescription(/may not/);
    await expect(r.rollbackButton).toHaveAttribute('aria-disabled', 'true');
    await expect(r.rollbackButton).toHaveAccessibleDescription(/may not/);
    // Still focusable, so the reason can be read; Enter opens nothing.
    await r.rollbackButton.focus();
    await page.keyboard.press('Enter');
    await expect(r.dialog).toBeHidden();
    await screens(page, 'migration-viewer');

    // The API refuses the same caller whatever the page shows.
    const headers = await writeHeaders(await page.context().cookies());
    const plan = await page.request.post('/api/v1/plans?context=scaleguard-sim-viewer', { headers, data: { type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'inventory' } } });
    expect(plan.status()).toBe(201);
    const planned = (await plan.json()) as { id: string; access: { allowed: boolean } };
    expect(planned.access.allowed).toBe(false);
    const start = await page.request.post('/api/v1/migrations?context=scaleguard-sim-viewer', { headers, data: { planId: planned.id } });
    expect(start.status()).toBe(403);
    expect(((await start.json()) as { detail: string }).detail).toMatch(/may not/);
    const advance = await page.request.post(`/api/v1/migrations/${pending}/advance?context=scaleguard-sim-viewer`, { headers, data: {} });
    expect(advance.status()).toBe(403);
    const done = (await (await page.request.get('/api/v1/migrations?context=scaleguard-sim')).json()) as { items: { migrationId?: string; status: string; target: { name: string } }[] };
    const podinfo = done.items.find((i) => i.target.name === 'podinfo' && i.status === 'done')?.migrationId;
    expect(podinfo).toBeDefined();
    const rollback = await page.request.post(`/api/v1/migrations/${podinfo}/rollback?context=scaleguard-sim-viewer`, { headers, data: {} });
    expect(rollback.status()).toBe(403);
    // Nothing moved: the admin's migration has not run, podinfo stays on KEDA.
    expect(owners(await getObject(hpaPath('shop', 'catalog')))).toEqual([]);
    expect((await getObject(canaryPath('delivery', 'podinfo')))?.spec?.autoscalerRef).toMatchObject({ kind: 'ScaledObject' });

    // Back to the admin, who rolls the unstarted migration back (nothing to undo) to leave the demo as found.
    await r.shell.contextSelect.selectOption('scaleguard-sim');
    await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === 'scaleguard_context')?.value).toBe('scaleguard-sim');
    await r.goto(pending);
    await r.rollbackButton.click();
    await r.dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect(r.status).toContainText('Rolled back', { timeout: 60_000 });
  });
});

test.describe('guided migration with Flagger before PR #1677', () => {
  const started: Started[] = [];
  test.afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });

  test('the wizard shows the step Flagger 1.37.0 would be refused, and the steps that replace it; the migration completes with them', async ({ page }) => {
    test.setTimeout(12 * 60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-e2e-flagger137-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    started.push(await startSimulator(EXTRA_SIM_PORT, 'e2e/fixtures/flagger-1.37', kubeconfig));
    const dash = await startDashboard(EXTRA_DASHBOARD_PORT, kubeconfig, dir);
    started.push(dash);
    const sim = simRequestTo(kubeconfig);
    await waitForIdleCanary('delivery', 'podinfo', sim);

    const w = new WizardPage(page);
    await w.goto('canary-hpa-to-scaledobject', { namespace: 'delivery', kind: 'Canary', name: 'podinfo' }, dash.url);
    await w.planned();
    const flagger = w.check('flagger-release');
    await expect(flagger).toHaveAttribute('data-ok', 'false');
    await expect(flagger).toContainText('warning');
    await expect(flagger).toContainText('Flagger 1.37.0 predates flagger PR #1677');
    // The blocked step, with KEDA's refusal verbatim, and its remedy: the plan's own steps.
    await expect(flagger).toContainText('would be blocked');
    await expect(flagger).toContainText('"the HPA \'podinfo\' is already managed by the ScaledObject \'podinfo\'"');
    await expect(flagger).toContainText('What to do: Steps 2 and 3 of this plan replace it');
    await expect(w.steps.nth(1)).toHaveAttribute('data-step', 'create-primary-scaledobject');
    await expect(w.steps.nth(2)).toHaveAttribute('data-step', 'use-default-hpa-names');
    await expect(w.step('create-primary-scaledobject').locator('[data-diff="ScaledObject/podinfo-primary"] tr[data-line="add"]').filter({ hasText: 'transfer-hpa-ownership' })).toHaveCount(1);
    // Step 3 changes what steps 1 and 2 create: its dry-run waits for them and does not block the start.
    await expect(w.step('use-default-hpa-names').locator('[data-dry-run="deferred"]')).toContainText('dry-run again before this step runs');
    const r = await planAndStart(page, w, 'wizard-flagger-1.37');
    await runAll(page, r);
    await screens(page, 'migration-flagger-1.37-done');

    // KEDA named both HPAs itself, each owned by its ScaledObject; the Canary names the ScaledObject.
    expect(owners(await getObject(hpaPath('delivery', 'keda-hpa-podinfo'), sim))).toEqual(['ScaledObject/podinfo']);
    expect(owners(await getObject(hpaPath('delivery', 'keda-hpa-podinfo-primary'), sim))).toEqual(['ScaledObject/podinfo-primary']);
    expect(await getObject(hpaPath('delivery', 'podinfo-primary'), sim)).toBeUndefined();
    expect((await getObject(canaryPath('delivery', 'podinfo'), sim))?.spec?.autoscalerRef).toEqual({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'podinfo' });
    await expect.poll(() => findingsOn(dash.url, 'delivery', ['podinfo', 'podinfo-primary'])).toEqual([]);
  });
});
