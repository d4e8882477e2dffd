import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

/** `/migrations/[id]`: a migration as it runs. */
export class MigrationRunPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto(id: string) {
    await this.page.goto(`/migrations/${encodeURIComponent(id)}`);
    await expect(this.page.getByRole('heading', { name: 'Steps' })).toBeVisible();
  }

  /** The migration id from the URL. */
  id(): string {
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop() ?? '');
  }

  step(id: string) {
    return this.page.locator(`article[data-step="${id}"]`);
  }

  get steps() {
    return this.page.locator('article[data-step]');
  }

  runButton(n: number) {
    return this.page.getByRole('button', { name: new RegExp(`^Run step ${n}( again)?$`) });
  }

  get confirmInput() {
    return this.page.getByLabel(/^Type .+ to confirm$/);
  }

  get rollbackButton() {
    return this.page.getByRole('main').getByRole('button', { name: 'Roll back', exact: true }).first();
  }

  get dialog() {
    return this.page.getByRole('dialog');
  }

  get status() {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** Runs step n (typing the confirmation when asked) and waits until it is done. */
  async runStep(n: number, timeout = 120_000) {
    const button = this.runButton(n);
    await expect(button).toBeVisible({ timeout });
    const step = this.steps.nth(n - 1);
    if (await this.confirmInput.isVisible()) {
      const label = (await this.page.locator('[data-run-controls] label code').innerText()).trim();
      await expect(button).toBeDisabled();
      await this.confirmInput.fill(label);
    }
    await expect(button).toBeEnabled();
    await button.click();
    await expect(step).toHaveAttribute('data-state', 'done', { timeout });
  }
}
