import { expect, test } from '@playwright/test';
import { FindingsPage } from './pages/findings-page';

test.describe('on-call: which autoscalers fight?', () => {
  test('from the overview to a critical finding to the workload it concerns', async ({ page }) => {
    await page.goto('/');
    const critical = page.locator('a[data-severity="critical"]:visible');
    await expect(critical).not.toContainText(/^Critical\s*0$/);
    await critical.click();
    await expect(page).toHaveURL(/\/findings\?severity=critical/);
    const f = new FindingsPage(page);
    await expect(f.findings.first()).toBeVisible();
    for (const card of await f.findings.all()) await expect(card).toContainText('Critical');

    const overlap = f.finding('hpa-overlap').filter({ hasText: 'checkout' });
    await expect(overlap).toContainText('AmbiguousSelector');
    await expect(overlap).toContainText('What to do:');
    await page.screenshot({ path: 'test-results/screens/findings-critical.png', fullPage: true });

    await overlap.getByRole('link', { name: 'Deployment shop/checkout' }).click();
    await expect(page).toHaveURL(/\/workloads\/shop\/Deployment\/checkout/);
    await expect(page.locator('article[data-finding="hpa-overlap"]:visible')).toBeVisible();
    await expect(page.getByRole('figure')).toContainText('checkout-memory');
    await expect(page.getByTestId('replica-timeline')).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/workload-with-finding.png', fullPage: true });
  });

  test('filters live in the URL and survive a reload', async ({ page }) => {
    const f = new FindingsPage(page);
    await f.goto();
    await f.namespaceFilter.selectOption('shop');
    await expect(page).toHaveURL(/namespace=shop/);
    await f.ruleFilter.selectOption('hpa-overlap');
    await expect(page).toHaveURL(/rule=hpa-overlap/);
    await expect(f.findings).not.toHaveCount(0);
    for (const card of await f.findings.all()) await expect(card).toHaveAttribute('data-finding', 'hpa-overlap');
    await page.reload();
    await expect(f.ruleFilter).toHaveValue('hpa-overlap');
    await expect(f.namespaceFilter).toHaveValue('shop');
    await f.severityChip('Info').click();
    await expect(page).toHaveURL(/severity=info/);
    await expect(page.getByText('No finding matches these filters')).toBeVisible();
  });
});
