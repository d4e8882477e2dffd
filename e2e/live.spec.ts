import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { WorkloadsPage } from './pages/workloads-page';
import { simRequest } from './support/sim';

test.describe('live data', () => {
  test('a Deployment created through the API appears without a reload, and goes when deleted', async ({ page }) => {
    const w = new WorkloadsPage(page);
    await w.goto('?namespace=shop');
    const name = `e2e-live-${Date.now()}`;
    const created = await simRequest('POST', '/apis/apps/v1/namespaces/shop/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      },
    });
    expect(created.status).toBe(201);
    await expect(w.row('shop', name)).toBeVisible();
    expect((await simRequest('DELETE', `/apis/apps/v1/namespaces/shop/deployments/${name}`)).ok).toBe(true);
    await expect(w.row('shop', name)).toHaveCount(0);
  });

  test('keeps the last data, marked stale, while the API server is down, and recovers by itself', async ({ page }) => {
    const o = new OverviewPage(page);
    await o.goto();
    await o.shell.expectLive();
    const deployments = o.count('deployments').locator('dd').first();
    const before = await deployments.innerText();
    const outage = await simRequest('POST', '/_sim/outage?seconds=8');
    expect(outage.ok).toBe(true);
    await expect(page.getByText("The cluster's API server cannot be reached")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'stale since' })).toBeVisible();
    await expect(deployments).toHaveText(before);
    await page.screenshot({ path: 'test-results/screens/overview-outage.png', fullPage: true });
    // No reload: the page returns to live once the server answers again.
    await expect(o.shell.connection.getByText('live', { exact: true })).toBeVisible({ timeout: 45_000 });
    await expect(page.getByText("The cluster's API server cannot be reached")).toHaveCount(0);
  });

  test('the read-only context shows the same cluster through the viewer user', async ({ page }) => {
    const o = new OverviewPage(page);
    await o.goto();
    await o.shell.contextSelect.selectOption('scaleguard-sim-viewer');
    await expect(page.getByRole('main')).toContainText('scaleguard-sim-viewer');
    await expect(o.component('keda').getByText('installed', { exact: true })).toBeVisible();
    await expect(o.freshnessRow('deployments').getByText('live', { exact: true })).toBeVisible();
    await o.shell.contextSelect.selectOption('scaleguard-sim');
    await expect(page.getByRole('main')).not.toContainText('scaleguard-sim-viewer');
  });
});
