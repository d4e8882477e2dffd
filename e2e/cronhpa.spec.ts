import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { CronHpaPage } from './pages/cronhpa-page';
import { FindingsPage } from './pages/findings-page';
import { screens } from './support/screens';

/**
 * The CronHPA pages on the demo (its controller runs in Asia/Shanghai). The browser is put in
 * another zone, so times shown in the browser's zone would not match. Expected instants and texts
 * are computed here by plain arithmetic (Shanghai is UTC+8 all year), not by the app's code.
 */
test.use({ timezoneId: 'America/Los_Angeles' });
test.describe.configure({ mode: 'serial' });

const SHANGHAI_MS = 8 * 3_600_000;
const DAY = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "Mon 23 Nov, 08:00" for an instant, on a Shanghai wall clock. */
function shanghaiText(ms: number): string {
  const d = new Date(ms + SHANGHAI_MS);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The instants after `from` when the Shanghai clock shows hh:00:00 on the given weekdays. */
function shanghaiDaily(from: number, hour: number, weekdays: number[], count: number, until = Infinity): number[] {
  const out: number[] = [];
  const startOfShanghaiDay = Math.floor((from + SHANGHAI_MS) / DAY) * DAY - SHANGHAI_MS;
  for (let day = startOfShanghaiDay; out.length < count; day += DAY) {
    const at = day + hour * 3_600_000;
    if (at > until) break;
    if (at > from && weekdays.includes(new Date(at + SHANGHAI_MS).getUTCDay())) out.push(at);
  }
  return out;
}

/** Design §6 (seed 004), written out again: the HPA's bounds after a job of size t, with C replicas. */
function rule(t: number, hpa: { min: number; max: number; c: number }) {
  let { min, max } = hpa;
  if (t > max) max = t;
  if (t < min) min = t;
  if (hpa.c === min && t < hpa.c) min = t;
  if (hpa.c < t) min = t;
  return { min, max, c: Math.max(hpa.c, t) };
}

const WEEKDAY = [1, 2, 3, 4, 5];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

test('a read-only viewer sees the retarget disabled, with the reason', async ({ page }) => {
  const c = new CronHpaPage(page);
  await c.goto();
  await c.shell.contextSelect.selectOption('scaleguard-sim-viewer');
  await expect.poll(async () => (await page.context().cookies()).find((k) => k.name === 'scaleguard_context')?.value).toBe('scaleguard-sim-viewer');
  await c.gotoOne('marketing', 'web-business-hours');
  const card = c.card('marketing', 'web-business-hours');
  const plan = c.planButton(card);
  await expect(plan).toBeDisabled();
  const why = c.retargetPanel(card).getByText('You may not retarget this CronHPA');
  await expect(why).toBeVisible();
  const reasonId = await plan.getAttribute('aria-describedby');
  expect(reasonId).toBeTruthy();
  await expect(page.locator(`[id="${reasonId}"]`)).toContainText(/patch|update|cronhorizontalpodautoscalers|may not/i);
  await screens(page, 'cronhpa-viewer');
});

test('next runs and the timeline are on the controller clock (Asia/Shanghai)', async ({ page }) => {
  // The HPA that fights web-business-hours must have reported its metrics for the collisions to be known.
  await expect.poll(async () => (await (await page.request.get('/api/v1/cronhpas/marketing/web-business-hours')).json() as { hpa?: { demand?: number } }).hpa?.demand, { timeout: 60_000 }).toBeDefined();
  const c = new CronHpaPage(page);
  await c.goto();
  await expect(page.getByText('Controller clock: Asia/Shanghai (UTC+8)')).toBeVisible();
  const now = await page.evaluate(() => Date.now());

  // marketing/web-business-hours: scale-up at 08:00 Monday to Friday
  const web = c.card('marketing', 'web-business-hours');
  await expect(c.job(web, 'scale-up')).toContainText('at 08:00, Monday to Friday');
  const runs = await c.nextRuns(web, 'scale-up');
  const expected = shanghaiDaily(now, 8, WEEKDAY, 5);
  expect(runs.map((r) => Date.parse(r.iso))).toEqual(expected);
  expect(runs.map((r) => r.text)).toEqual(expected.map(shanghaiText));

  // an invalid schedule shows go-cron's reason
  const newsletter = c.card('marketing', 'newsletter');
  await expect(c.job(newsletter, 'weekend-up').locator('[data-schedule-error]')).toHaveText('The controller cannot parse it: End of range (7) above maximum (6): 6-7');
  await expect(newsletter.locator('article[data-finding="cronhpa-invalid-schedule"]')).toBeVisible();

  // marketing/landing-campaign: 09:00 and 21:00 every day; the next 24 hours, then 7 days
  const landing = c.card('marketing', 'landing-campaign');
  const timeline = c.timeline(landing);
  await expect(timeline).toHaveAttribute('data-kind', 'hpa');
  await expect(timeline).toContainText('Asia/Shanghai (UTC+8)');
  const inDay = [...shanghaiDaily(now, 9, EVERY_DAY, 2, now + DAY), ...shanghaiDaily(now, 21, EVERY_DAY, 2, now + DAY)].sort((a, b) => a - b);
  const rows = await c.timelineRuns(landing);
  await expect(rows).toHaveCount(inDay.length);
  await expect(rows.locator('td:first-child')).toHaveText(inDay.map(shanghaiText));
  await c.range(landing, '7 d').click();
  await expect(c.range(landing, '7 d')).toHaveAttribute('aria-pressed', 'true');
  const inWeek = [...shanghaiDaily(now, 9, EVERY_DAY, 8, now + 7 * DAY), ...shanghaiDaily(now, 21, EVERY_DAY, 8, now + 7 * DAY)].sort((a, b) => a - b);
  await expect(rows).toHaveCount(inWeek.length);
  await expect(rows.locator('td:first-child')).toHaveText(inWeek.map(shanghaiText));
  await expect(rows.first()).toContainText(/HPA (stays )?\d+–\d+/);
  // zoom in by keyboard: half the span, fewer runs
  await timeline.getByRole('button', { name: 'Zoom in' }).focus();
  await page.keyboard.press('Enter');
  await expect(c.range(landing, '7 d')).toHaveAttribute('aria-pressed', 'false');
  expect(await rows.count()).toBeLessThan(inWeek.length);
  await timeline.getByRole('button', { name: 'Reset to the next 24 hours' }).click();
  await expect(rows).toHaveCount(inDay.length);

  // the workload target also scaled by an HPA: both writers and the collisions
  const webTimeline = c.timeline(web);
  await expect(webTimeline).toHaveAttribute('data-kind', 'workload');
  await expect(webTimeline.locator('.recharts-legend-wrapper')).toContainText('HPA web writes');
  await expect(webTimeline.locator('.recharts-legend-wrapper')).toContainText('CronHPA writes');
  await c.range(web, '7 d').click();
  const webRuns = await c.timelineRuns(web);
  const weekWrites = [...shanghaiDaily(now, 8, WEEKDAY, 10, now + 7 * DAY), ...shanghaiDaily(now, 20, WEEKDAY, 10, now + 7 * DAY)].sort((a, b) => a - b);
  await expect(webRuns).toHaveCount(weekWrites.length);
  await expect(webRuns.locator('td:first-child')).toHaveText(weekWrites.map(shanghaiText));
  await expect(webRuns.filter({ hasText: 'collision' })).toHaveCount(weekWrites.length);
  await screens(page, 'cronhpa-list');
});

test('a CronHPA on the HPA KEDA owns: retarget refused, the KEDA cron trigger YAML to copy instead', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const c = new CronHpaPage(page);
  await c.gotoOne('streaming', 'order-events-peak');
  const card = c.card('streaming', 'order-events-peak');
  await expect(card.locator('article[data-finding="cronhpa-on-keda-hpa"]')).toBeVisible();
  await expect(c.refused(card)).toContainText('Retarget refused.');
  await expect(c.refused(card)).toContainText('order-events-consumer');
  await expect(c.planButton(card)).toHaveCount(0);
  const yamlBox = c.kedaYaml(card);
  const text = await yamlBox.locator('pre').textContent();
  expect(parse(text ?? '')).toEqual({
    spec: { minReplicaCount: 2, triggers: [{ type: 'cron', name: 'peak-start', metadata: { timezone: 'Asia/Shanghai', start: '0 8 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: '8' } }] },
  });
  await yamlBox.getByRole('button', { name: 'Copy' }).click();
  await expect(yamlBox.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  await expect(yamlBox.getByRole('link', { name: 'streaming/order-events-consumer' })).toHaveAttribute('href', '/keda/streaming/order-events-consumer');
  await screens(page, 'cronhpa-keda-refused');
});

test('the fighting CronHPA is found, retargeted through the pipeline, and its finding clears', async ({ page }) => {
  test.setTimeout(120_000);
  const f = new FindingsPage(page);
  await f.goto('?rule=cronhpa-bypasses-hpa');
  const finding = f.finding('cronhpa-bypasses-hpa').filter({ hasText: 'web-business-hours' });
  await expect(finding).toHaveCount(1);
  await finding.getByRole('link', { name: 'CronHorizontalPodAutoscaler marketing/web-business-hours' }).click();
  await expect(page).toHaveURL(/\/cronhpa\/marketing\/web-business-hours$/);

  const c = new CronHpaPage(page);
  const card = c.card('marketing', 'web-business-hours');
  await expect(card).toContainText('writes replicas directly');
  // The preview, before anything is planned: each job's bounds on HPA web by design §6, in the order the jobs first run.
  const api = await page.request.get('/api/v1/cronhpas/marketing/web-business-hours');
  const dto = await api.json() as { hpa: { minReplicas: number; maxReplicas: number; currentReplicas?: number }; workload: { replicas: number } };
  const now = await page.evaluate(() => Date.now());
  const first = { 'scale-up': shanghaiDaily(now, 8, WEEKDAY, 1)[0]!, 'scale-down': shanghaiDaily(now, 20, WEEKDAY, 1)[0]! };
  const order = (Object.keys(first) as (keyof typeof first)[]).sort((a, b) => first[a] - first[b]);
  const sizes = { 'scale-up': 6, 'scale-down': 2 };
  let hpa = { min: dto.hpa.minReplicas, max: dto.hpa.maxReplicas, c: dto.hpa.currentReplicas ?? dto.workload.replicas };
  for (const job of order) {
    hpa = rule(sizes[job], hpa);
    await expect(c.previewRow(card, job).locator('[data-bounds]')).toHaveAttribute('data-bounds', `${hpa.min}-${hpa.max}`);
    await expect(c.previewRow(card, job)).toContainText(shanghaiText(first[job]));
  }
  await screens(page, 'cronhpa-retarget-preview');

  await c.planButton(card).click();
  const planned = card.getByTestId('retarget-plan');
  await expect(planned).toContainText('Preflight');
  await expect(planned).toContainText('HorizontalPodAutoscaler');
  await expect(c.previewRow(card, 'scale-up')).toBeVisible(); // the per-job preview stays with the plan
  await screens(page, 'cronhpa-retarget-plan');
  await c.startButton(card, 'web').click();
  const run = c.run(card);
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(run.getByText('Retargeted')).toBeVisible();
  const checks = run.locator('li');
  await expect(checks).not.toHaveCount(0);
  for (const li of await checks.all()) await expect(li).toContainText('✓');
  await screens(page, 'cronhpa-retargeted');

  // The CronHPA now adjusts the HPA, and the finding is gone.
  await page.reload();
  await expect(c.card('marketing', 'web-business-hours')).toContainText('adjusts an HPA');
  await f.goto('?rule=cronhpa-bypasses-hpa');
  await expect(page.getByText('No findings: no autoscalers are fighting')).toBeVisible();
  await expect(f.findings).toHaveCount(0);
});
