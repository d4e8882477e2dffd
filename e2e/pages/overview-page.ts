import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

export class OverviewPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto() {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  }

  component(id: 'keda' | 'flagger' | 'vpa' | 'cronhpa') {
    return this.page.locator(`[data-component="${id}"]:visible`);
  }

  count(id: string) {
    return this.page.locator(`[data-count="${id}"]:visible`);
  }

  freshnessRow(id: string) {
    return this.page.locator(`tr[data-kind="${id}"]:visible`);
  }
}
