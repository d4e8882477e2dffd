import { expect, type Page } from '@playwright/test';

/** The frame around every page: navigation, context switcher, connection indicator. */
export class Shell {
  constructor(readonly page: Page) {}

  nav(label: 'Overview' | 'Findings' | 'Workloads' | 'Canaries' | 'Migrations') {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });
  }

  get contextSelect() {
    return this.page.getByLabel('Context');
  }

  get connection() {
    return this.page.locator('header').first();
  }

  async expectLive() {
    await expect(this.connection.getByText('live', { exact: true })).toBeVisible();
  }
}
