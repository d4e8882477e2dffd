import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

/** `/keda/[namespace]/[name]`: one ScaledObject — activation per trigger, its scalers' environment, the rebuild actions. */
export class ScaledObjectPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto(namespace: string, name: string) {
    await this.page.goto(`/keda/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`);
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  }

  get activity() {
    return this.page.locator('section[data-activity]');
  }

  trigger(name: string) {
    return this.page.locator(`article[data-trigger-card="${name}"]`);
  }

  sentence(trigger: string) {
    return this.trigger(trigger).locator('[data-sentence]');
  }

  value(trigger: string) {
    return this.trigger(trigger).locator('[data-value]');
  }

  get findings() {
    return this.page.getByRole('region', { name: 'Findings' });
  }

  finding(rule: string) {
    return this.findings.getByText(rule, { exact: true });
  }

  get env() {
    return this.page.getByRole('region', { name: 'Environment read by the scalers' });
  }

  envVar(name: string) {
    return this.page.locator(`tr[data-env-var="${name}"]`);
  }

  /** What KEDA resolved at its last build and what the pod template holds now, for one variable. */
  envValues(name: string) {
    const row = this.envVar(name);
    return { keda: row.getByTestId('env-keda'), template: row.getByTestId('env-template') };
  }

  action(type: 'scaledobject-refresh' | 'keda-operator-restart') {
    const section = this.page.locator(`section[data-action="${type}"]`);
    return {
      section,
      planButton: section.getByRole('button', { name: /^Plan the (refresh|restart)…$/ }),
      runButton: section.getByRole('button', { name: /^(Refresh|Restart) now$/ }),
      reason: section.locator('[data-access-reason]'),
      plan: section.locator('[data-plan]'),
      run: section.locator('[data-action-run]'),
    };
  }
}
