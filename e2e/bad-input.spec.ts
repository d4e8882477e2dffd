import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { startDashboard, startSimulator, type Started } from './support/processes';

// Each journey runs its own dashboard (and simulator) so it can break things the demo must keep.
test.describe('bad input is explained, not a crash', () => {
  const started: Started[] = [];
  test.afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });

  test('a cluster without add-ons reads "not installed"', async ({ page }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-e2e-bare-'));
    started.push(await startSimulator(6691, 'e2e/fixtures/bare', path.join(dir, 'kubeconfig')));
    const dash = await startDashboard(3191, path.join(dir, 'kubeconfig'), dir);
    started.push(dash);
    await page.goto(`${dash.url}/`);
    const o = new OverviewPage(page);
    await expect(o.component('keda')).toContainText('KEDA not installed');
    for (const id of ['keda', 'flagger', 'vpa', 'cronhpa'] as const) {
      await expect(o.component(id).getByText('not installed', { exact: true })).toBeVisible();
    }
    await expect(o.count('scaledobjects')).toContainText('not installed');
    await expect(o.count('deployments')).toContainText('1');
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/overview-bare.png', fullPage: true });
    await page.goto(`${dash.url}/workloads`);
    await expect(page.locator('tr[data-workload="web/site"]')).toContainText('HPA');
  });

  test('a malformed kubeconfig is shown with the reason', async ({ page }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-e2e-badkc-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nclusters: [ {name: broken\ncontexts: :::\n');
    const dash = await startDashboard(3192, kubeconfig, dir);
    started.push(dash);
    await page.goto(`${dash.url}/`);
    await expect(page.getByRole('main').getByRole('alert')).toContainText('scaleguard cannot use the kubeconfig');
    await expect(page.getByRole('main').getByRole('alert')).toContainText(kubeconfig);
    await page.screenshot({ path: 'test-results/screens/overview-bad-kubeconfig.png', fullPage: true });
    await page.goto(`${dash.url}/workloads`);
    await expect(page.getByText('No workloads in this cluster')).toBeVisible();
  });

  test('an API server that is not there is reported as unreachable', async ({ page }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-e2e-down-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: nowhere',
      'clusters: [{ name: nowhere, cluster: { server: "http://127.0.0.1:9", insecure-skip-tls-verify: true } }]',
      'users: [{ name: u, user: { token: t } }]',
      'contexts: [{ name: nowhere, context: { cluster: nowhere, user: u } }]',
    ].join('\n'));
    const dash = await startDashboard(3193, kubeconfig, dir);
    started.push(dash);
    await page.goto(`${dash.url}/`);
    await expect(page.getByRole('main').getByRole('alert')).toContainText("The cluster's API server cannot be reached");
    await expect(page.getByRole('main').getByRole('alert')).toContainText('connection refused');
  });
});
