import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

/** `/keda`: KEDA's installation and every ScaledObject and ScaledJob. */
export class KedaPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto(query = '') {
    await this.page.goto(`/keda${query}`);
    await expect(this.page.getByRole('heading', { name: 'KEDA', level: 1 })).toBeVisible();
  }

  get installation() {
    return this.page.getByRole('region', { name: 'KEDA installation' });
  }

  component(role: 'operator' | 'metrics-server' | 'admission-webhooks') {
    return this.page.locator(`[data-keda-component="${role}"]`);
  }

  fact(title: string) {
    return this.page.locator(`[data-keda-fact="${title}"]`);
  }

  get rows() {
    return this.page.locator('tr[data-scaledobject]');
  }

  row(namespace: string, name: string) {
    return this.page.locator(`tr[data-scaledobject="${namespace}/${name}"]`);
  }

  jobRow(namespace: string, name: string) {
    return this.page.locator(`tr[data-scaledjob="${namespace}/${name}"]`);
  }

  get textFilter() {
    return this.page.getByLabel('Filter ScaledObjects');
  }

  get namespaceFilter() {
    return this.page.getByLabel('Namespace', { exact: true });
  }

  get notInstalled() {
    return this.page.locator('[data-keda-installed="false"]');
  }
}
