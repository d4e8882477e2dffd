import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { simRequest } from './support/sim';

async function countOf(path: string): Promise<number> {
  const body = (await (await simRequest('GET', path)).json()) as { items: unknown[] };
  return body.items.length;
}

test.describe('overview', () => {
  test('shows the context, the server version and every add-on with its controller', async ({ page }) => {
    const o = new OverviewPage(page);
    await o.goto();
    await expect(page.getByRole('main')).toContainText('scaleguard-sim');
    const version = ((await (await simRequest('GET', '/version')).json()) as { gitVersion: string }).gitVersion;
    await expect(page.getByRole('main')).toContainText(version);
    for (const id of ['keda', 'flagger', 'vpa', 'cronhpa'] as const) {
      await expect(o.component(id).getByText('installed', { exact: true })).toBeVisible();
    }
    await expect(o.component('keda')).toContainText('keda/keda-operator');
    await expect(o.component('keda')).toContainText('1/1 ready');
    await expect(o.component('keda')).toContainText('2.16.1');
    await expect(o.component('cronhpa')).toContainText('kube-system/kubernetes-cronhpa-controller');
    await o.shell.expectLive();
    await page.screenshot({ path: 'test-results/screens/overview.png', fullPage: true });
  });

  test('counts objects as the API server reports them, and every kind is live', async ({ page }) => {
    const o = new OverviewPage(page);
    await o.goto();
    await expect(o.count('deployments')).toContainText(String(await countOf('/apis/apps/v1/deployments')));
    await expect(o.count('scaledobjects')).toContainText(String(await countOf('/apis/keda.sh/v1alpha1/scaledobjects')));
    await expect(o.count('cronhpas')).toContainText(String(await countOf('/apis/autoscaling.alibabacloud.com/v1beta1/cronhorizontalpodautoscalers')));
    for (const id of ['deployments', 'statefulsets', 'hpas', 'scaledobjects', 'vpas', 'cronhpas', 'canaries']) {
      await expect(o.freshnessRow(id).getByText('live', { exact: true })).toBeVisible();
    }
  });

  test('is usable in the dark theme and from the keyboard', async ({ page }) => {
    const o = new OverviewPage(page);
    await o.goto();
    const toggle = page.getByRole('button', { name: /^Theme:/ });
    await toggle.click(); // system → light
    await toggle.click(); // light → dark
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.screenshot({ path: 'test-results/screens/overview-dark.png', fullPage: true });
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await toggle.click(); // back to system for the other tests
  });
});
