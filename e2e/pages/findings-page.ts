import { expect, type Page } from '@playwright/test';
import { Shell } from './shell';

export class FindingsPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto(query = '') {
    await this.page.goto(`/findings${query}`);
    await expect(this.page.getByRole('heading', { name: 'Findings', level: 1 })).toBeVisible();
  }

  finding(rule: string) {
    return this.page.locator(`article[data-finding="${rule}"]:visible`);
  }

  get findings() {
    return this.page.locator('article[data-finding]:visible');
  }

  severityChip(label: 'All' | 'Critical' | 'Warning' | 'Info') {
    return this.page.getByRole('group', { name: 'Severity' }).getByRole('button', { name: new RegExp(`^${label}`) });
  }

  get namespaceFilter() {
    return this.page.getByLabel('Namespace');
  }

  get ruleFilter() {
    return this.page.getByLabel('Rule');
  }
}
