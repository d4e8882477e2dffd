import { expect, test } from '@playwright/test';
import { WorkloadsPage } from './pages/workloads-page';
import { simRequest } from './support/sim';

test.describe('workloads', () => {
  test('lists every Deployment and StatefulSet with the autoscalers that target it', async ({ page }) => {
    const w = new WorkloadsPage(page);
    await w.goto('?limit=500');
    const deployments = ((await (await simRequest('GET', '/apis/apps/v1/deployments')).json()) as { items: unknown[] }).items.length;
    const statefulsets = ((await (await simRequest('GET', '/apis/apps/v1/statefulsets')).json()) as { items: unknown[] }).items.length;
    await expect(w.rows).toHaveCount(deployments + statefulsets);
    const orders = w.row('shop', 'orders');
    await expect(orders).toContainText('ScaledObject');
    await expect(orders).toContainText('HPA');
    await expect(w.row('marketing', 'web')).toContainText('CronHPA');
    await expect(w.row('marketing', 'landing')).toContainText('via landing');
    await expect(w.row('shop', 'frontend')).toContainText('none');
    await page.screenshot({ path: 'test-results/screens/workloads.png', fullPage: true });
  });

  test('filters by namespace and text, and keeps the filter in the URL', async ({ page }) => {
    const w = new WorkloadsPage(page);
    await w.goto();
    const inMl = async (path: string) => ((await (await simRequest('GET', path)).json()) as { items: unknown[] }).items.length;
    const mlWorkloads = (await inMl('/apis/apps/v1/namespaces/ml/deployments')) + (await inMl('/apis/apps/v1/namespaces/ml/statefulsets'));
    await w.namespaceFilter.selectOption('ml');
    await expect(page).toHaveURL(/namespace=ml/);
    await expect(w.rows).toHaveCount(mlWorkloads);
    await w.textFilter.fill('embed');
    await expect(page).toHaveURL(/q=embed/);
    await expect(w.rows).toHaveCount(1);
    await expect(w.row('ml', 'embeddings')).toContainText('VPA');

    // The same URL, opened fresh, shows the same view: a link can be shared.
    await page.goto(page.url());
    await expect(w.rows).toHaveCount(1);
    await expect(w.namespaceFilter).toHaveValue('ml');
    await expect(w.textFilter).toHaveValue('embed');
  });

  test('says so when nothing matches, and clears filters', async ({ page }) => {
    const w = new WorkloadsPage(page);
    await w.goto('?q=no-such-workload-anywhere');
    await expect(page.getByText('No workload matches these filters')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(w.rows.first()).toBeVisible();
    await expect(page).not.toHaveURL(/q=/);
  });

  test('sorts by a column with the keyboard', async ({ page }) => {
    const w = new WorkloadsPage(page);
    await w.goto();
    await w.sortBy('Replicas').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/sort=replicas&dir=asc/);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/sort=replicas&dir=desc/);
    await expect(page.getByRole('columnheader', { name: 'Replicas' })).toHaveAttribute('aria-sort', 'descending');
    // The sorted page replaces the previous one when it arrives; wait for the rendered order.
    await expect.poll(async () => {
      const desired = (await w.rows.locator('td:nth-child(4)').allInnerTexts()).map((t) => Number(t.split('/')[1]));
      return desired.length > 1 && desired.every((d, i) => i === 0 || desired[i - 1]! >= d);
    }).toBe(true);
  });

  test('opens a workload and shows each autoscaler acting on it', async ({ page }) => {
    const w = new WorkloadsPage(page);
    await w.goto('?namespace=shop');
    await w.row('shop', 'checkout').getByRole('link', { name: 'checkout' }).click();
    await expect(page).toHaveURL(/\/workloads\/shop\/Deployment\/checkout$/);
    await expect(page.locator('[data-autoscaler="HorizontalPodAutoscaler/checkout"]')).toContainText('cpu 60%');
    await expect(page.locator('[data-autoscaler="HorizontalPodAutoscaler/checkout-memory"]')).toContainText('memory 75%');
    await page.screenshot({ path: 'test-results/screens/workload-checkout.png', fullPage: true });
  });

  test('a workload that does not exist gets a clear page', async ({ page }) => {
    await page.goto('/workloads/shop/Deployment/no-such-thing');
    await expect(page.getByText('Deployment shop/no-such-thing was not found')).toBeVisible();
  });
});
