import { expect, type Locator, type Page } from '@playwright/test';
import { Shell } from './shell';

/** `/cronhpa` and `/cronhpa/<namespace>/<name>`: jobs, timeline, the retarget action or the KEDA cron triggers. */
export class CronHpaPage {
  readonly shell: Shell;
  constructor(readonly page: Page) {
    this.shell = new Shell(page);
  }

  async goto() {
    await this.page.goto('/cronhpa');
    await expect(this.page.getByRole('heading', { name: 'CronHPA', level: 1 })).toBeVisible();
  }

  async gotoOne(namespace: string, name: string) {
    await this.page.goto(`/cronhpa/${namespace}/${name}`);
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  }

  /** One CronHPA's card (on the list or its own page). */
  card(namespace: string, name: string): Locator {
    return this.page.locator('article').filter({ has: this.page.locator(`[data-cronhpa="${namespace}/${name}"]`) });
  }

  job(card: Locator, job: string): Locator {
    return card.getByTestId('cronhpa-jobs').locator(`tr[data-job="${job}"]`);
  }

  /** The rendered next runs of a job, with the instant each one stands for. */
  async nextRuns(card: Locator, job: string): Promise<{ text: string; iso: string }[]> {
    const times = this.job(card, job).getByRole('list', { name: `Next runs of ${job}` }).locator('time');
    await expect(times.first()).toBeVisible();
    return times.evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', iso: e.getAttribute('datetime') ?? '' })));
  }

  timeline(card: Locator): Locator {
    return card.getByTestId('cronhpa-timeline');
  }

  /** Opens the table of runs under the chart and returns its rows. */
  async timelineRuns(card: Locator): Promise<Locator> {
    const details = card.getByTestId('timeline-runs');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
    return details.locator('tbody tr');
  }

  range(card: Locator, label: '24 h' | '7 d'): Locator {
    return this.timeline(card).getByRole('group', { name: 'Range' }).getByRole('button', { name: label });
  }

  retargetPanel(card: Locator): Locator {
    return card.getByTestId('retarget-panel');
  }

  previewRow(card: Locator, job: string): Locator {
    return card.getByTestId('retarget-preview').locator(`tr[data-preview-job="${job}"]`);
  }

  planButton(card: Locator): Locator {
    return this.retargetPanel(card).getByRole('button', { name: 'Plan the retarget' });
  }

  startButton(card: Locator, hpa: string): Locator {
    return this.retargetPanel(card).getByRole('button', { name: `Retarget to HPA ${hpa}` });
  }

  run(card: Locator): Locator {
    return card.getByTestId('retarget-run');
  }

  refused(card: Locator): Locator {
    return card.getByTestId('retarget-refused');
  }

  kedaYaml(card: Locator): Locator {
    return card.getByTestId('keda-cron-yaml');
  }
}
