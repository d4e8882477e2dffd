import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

/** `/migrations`: every candidate and migration with its status. */
export class MigrationsPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto(query = '') {
    await this.page.goto(`/migrations${query}`);
    await expect(this.page.getByRole('heading', { name: 'Migrations', level: 1 })).toBeVisible();
  }

  /** The row of a workload (or Canary) `namespace/name`, optionally of one migration type. */
  row(namespace: string, name: string, type?: string) {
    const rows = this.page.locator(`tr[data-migration-row="${namespace}/${name}"]:visible`);
    return type ? rows.and(this.page.locator(`[data-type="${type}"]`)) : rows;
  }

  get rows() {
    return this.page.locator('tbody tr[data-migration-row]:visible');
  }

  statusChip(label: string) {
    return this.page.getByRole('group', { name: 'Status' }).getByRole('button', { name: new RegExp(`^${label}\\b`) });
  }

  get namespaceFilter() {
    return this.page.getByLabel('Namespace');
  }
}
