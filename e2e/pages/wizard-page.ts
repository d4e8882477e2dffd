import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

/** `/migrations/new`: the plan of a migration, before it starts. */
export class WizardPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto(type: string, target: { namespace: string; kind: string; name: string }, base = '') {
    const q = new URLSearchParams({ type, ...target });
    await this.page.goto(`${base}/migrations/new?${q.toString()}`);
  }

  /** Waits for the plan to be shown (the preflight card is there). */
  async planned() {
    await expect(this.page.getByRole('heading', { name: 'Preflight checks' })).toBeVisible({ timeout: 30_000 });
  }

  check(id: string) {
    return this.page.locator(`li[data-check="${id}"]`);
  }

  get failedChecks() {
    return this.page.locator('li[data-check][data-ok="false"]');
  }

  step(id: string) {
    return this.page.locator(`article[data-step="${id}"]`);
  }

  get steps() {
    return this.page.locator('article[data-step]');
  }

  get startButton() {
    return this.page.getByRole('button', { name: 'Start migration' });
  }

  get optionsForm() {
    return this.page.getByRole('form', { name: /Triggers for metrics/ });
  }
}
