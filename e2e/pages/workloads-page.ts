import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

export class WorkloadsPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto(query = '') {
    await this.page.goto(`/workloads${query}`);
    await expect(this.page.getByRole('heading', { name: 'Workloads', level: 1 })).toBeVisible();
  }

  row(namespace: string, name: string) {
    return this.page.locator(`tr[data-workload="${namespace}/${name}"]:visible`);
  }

  get rows() {
    return this.page.locator('tbody tr[data-workload]:visible');
  }

  get namespaceFilter() {
    return this.page.getByLabel('Namespace');
  }

  get textFilter() {
    return this.page.getByLabel('Filter workloads');
  }

  sortBy(column: string) {
    return this.page.getByRole('columnheader', { name: column }).getByRole('button');
  }
}
