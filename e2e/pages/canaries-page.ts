import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

/** `/canaries`: every Flagger Canary with its autoscalers and migration status. */
export class CanariesPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto() {
    await this.page.goto('/canaries');
    await expect(this.page.getByRole('heading', { name: 'Canaries', level: 1 })).toBeVisible();
  }

  row(namespace: string, name: string) {
    return this.page.locator(`tr[data-canary="${namespace}/${name}"]:visible`);
  }
}
