import type { Page } from '@playwright/test';

/** `/vpa` and `/vpa/{namespace}/{name}`: recommendations, resize history, the update-mode action. */
export class VpaPage {
  constructor(readonly page: Page, readonly origin = '') {}

  async goto(ref?: { namespace: string; name: string }) {
    await this.page.goto(`${this.origin}/vpa${ref ? `/${ref.namespace}/${ref.name}` : ''}`);
  }

  get index() {
    return this.page.getByTestId('vpa-index');
  }

  card(namespace: string, name: string) {
    return this.page.locator(`[data-vpa="${namespace}/${name}"]`);
  }

  get history() {
    return this.page.getByTestId('resize-history');
  }

  /** The history rows of one pod with one outcome. */
  entry(pod: string, outcome: string) {
    return this.history.locator(`tr[data-pod="${pod}"][data-entry="${outcome}"]`);
  }

  get podFilter() {
    return this.page.getByTestId('history-pod-filter');
  }

  get summary() {
    return this.page.getByTestId('resize-summary');
  }

  /** The mode badge in the page header (`data-mode` is the effective mode). */
  get mode() {
    return this.page.getByRole('main').locator('header [data-mode]').first();
  }

  get action() {
    return this.page.locator('[data-action="vpa-update-mode"]');
  }

  get modeSelect() {
    return this.action.getByLabel('New mode');
  }

  get planButton() {
    return this.action.getByRole('button', { name: /^Plan: / });
  }

  runButton(mode: string) {
    return this.action.getByRole('button', { name: `Set ${mode}` });
  }

  get run() {
    return this.action.locator('[data-action-run]');
  }
}
