import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { VpaDto, VpaResizeEntryDto } from '@/lib/dto/vpa';
import { VpaPage } from './pages/vpa-page';
import { startDashboard, startSimulator } from './support/processes';
import { screens } from './support/screens';
import { simAccess, simRequest } from './support/sim';

/** Ports of the extra dashboard and simulator of the restart journey. */
const EXTRA_PORT = Number(process.env.SCALEGUARD_E2E_VPA_PORT ?? 3194);
const EXTRA_SIM_PORT = Number(process.env.SCALEGUARD_E2E_VPA_SIM_PORT ?? 6694);

/** What the page must call each outcome of the simulated updater (design §6, issue 7). */
const LABELS: Record<string, RegExp> = {
  'in-place': /^In place, no restart$/,
  'in-place-with-restart': /^In place, container restarted$/,
  deferred: /^Deferred$/,
  infeasible: /^Infeasible$/,
  error: /^Error$/,
};
const FALLBACK_LABELS: Record<string, RegExp> = {
  infeasible: /^Evicted \(fallback: Infeasible\)$/,
  error: /^Evicted \(fallback: Error\)$/,
  'deferred-timeout': /^Evicted \(fallback: Deferred > 5 min\)$/,
};

const REC = { namespace: 'ml', name: 'recommender' };
const TRAINER = { namespace: 'ml', name: 'trainer' };

async function vpa(request: APIRequestContext, ref: { namespace: string; name: string }, origin = ''): Promise<VpaDto> {
  const r = await request.get(`${origin}/api/v1/vpas/${ref.namespace}/${ref.name}`);
  expect(r.status()).toBe(200);
  return (await r.json()) as VpaDto;
}

/** Entries of this run: the e2e data dir keeps the history of earlier runs (that is the point of it). */
const thisRun = (v: VpaDto) => v.history.filter((e) => !v.createdAt || e.at >= v.createdAt);
const kind = (e: VpaResizeEntryDto) => (e.path === 'eviction' ? `evicted:${e.cause ?? 'none'}` : e.outcome);

test.describe('VPA', () => {
  test('each outcome of the simulated updater appears in the history with its label', async ({ page, request }) => {
    test.setTimeout(300_000);
    const wanted = [...Object.keys(LABELS), 'evicted:infeasible', 'evicted:error'];
    let v: VpaDto | undefined;
    await expect.poll(async () => {
      v = await vpa(request, REC);
      const seen = new Set(thisRun(v).map(kind));
      return wanted.filter((k) => !seen.has(k));
    }, { timeout: 240_000, intervals: [2_000] }).toEqual([]);

    const p = new VpaPage(page);
    await p.goto(REC);
    await expect(p.mode).toHaveAttribute('data-mode', 'InPlaceOrRecreate');
    for (const e of thisRun(v!)) {
      const row = p.entry(e.pod, e.outcome).filter({ hasText: e.container });
      await expect(row.first()).toBeVisible();
      const label = e.path === 'eviction' ? (e.cause && e.cause !== 'none' ? FALLBACK_LABELS[e.cause] : /^Evicted$/) : LABELS[e.outcome];
      if (label) await expect(row.locator(`[data-outcome="${e.outcome}"] > span`).first()).toHaveText(label);
    }
    // A fallback names the upstream reason in words, and the restart is attributed to the resize policy.
    await expect(p.history.locator('tr[data-entry="evicted"]').filter({ hasText: 'fell back to eviction: the resize was Infeasible' }).first()).toBeVisible();
    await expect(p.history.locator('tr[data-entry="in-place-with-restart"]').first()).toContainText('restartCount +1');
    // The summary counts what really restarted nothing (seed 001).
    const s = (await vpa(request, REC)).summary;
    await expect(p.summary).toContainText(`Truly non-disruptive in-place resizes: ${s.nonDisruptive} of ${s.inPlace}`);

    // Per pod: the filter (a native select, keyboard operable) keeps one pod's attempts.
    const pod = thisRun(v!).find((e) => e.path === 'eviction')!.pod;
    await p.podFilter.focus();
    await p.podFilter.selectOption(pod);
    await expect(p.history.locator('tbody tr').first()).toBeVisible();
    const pods = await p.history.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod')));
    expect(new Set(pods)).toEqual(new Set([pod]));
    expect(pods.length).toBeGreaterThanOrEqual(2); // its in-place attempt and the eviction that ended it
    await p.podFilter.selectOption('');
    await screens(page, 'vpa-detail-recommender');

    await p.goto();
    await expect(p.index.locator('tr[data-row="ml/recommender"]')).toContainText('fell back to eviction');
    await expect(p.card('ml', 'trainer')).toContainText('Recreate');
    await expect(p.page.locator('[data-chart="cpu"]').first()).toBeVisible();
    await screens(page, 'vpa-list');
  });

  test('a context that may not list VPAs says so instead of showing none', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Context').selectOption('scaleguard-sim-viewer');
    await expect(page.getByRole('main')).toContainText('scaleguard-sim-viewer');
    const p = new VpaPage(page);
    await p.goto();
    // The demo's viewer has the built-in view role, which does not cover autoscaling.k8s.io.
    await expect(page.getByRole('main')).toContainText('may not list VerticalPodAutoscalers');
    await expect(page.getByRole('main')).toContainText('forbidden');
    await expect(p.index).toHaveCount(0);
  });

  test('switching a VPA from Recreate to InPlaceOrRecreate goes through the pipeline; its next resizes are in place', async ({ page, request }) => {
    test.setTimeout(300_000);
    const p = new VpaPage(page);
    await p.goto(TRAINER);
    await expect(p.mode).toHaveAttribute('data-mode', 'Recreate');
    await expect(p.modeSelect).toHaveValue('InPlaceOrRecreate');
    // The honest warning: in place may still restart a container.
    await expect(p.action).toContainText('In place does not mean without restarts');
    await p.planButton.click();
    await expect(p.action.locator('[data-plan="vpa-update-mode"]')).toBeVisible({ timeout: 30_000 });
    await expect(p.action).toContainText('Server dry-run: accepted');
    await expect(p.action).toContainText('Preflight');
    await screens(page, 'vpa-plan-trainer');
    await p.runButton('InPlaceOrRecreate').click();
    await expect(p.run).toHaveAttribute('data-action-run', 'done', { timeout: 90_000 });
    await expect(p.run).toContainText('Done: the cluster confirmed every condition');
    const switchedAt = new Date().toISOString();
    await expect(p.mode).toHaveAttribute('data-mode', 'InPlaceOrRecreate', { timeout: 30_000 });
    const vpaObject = (await (await simRequest('GET', '/apis/autoscaling.k8s.io/v1/namespaces/ml/verticalpodautoscalers/trainer')).json()) as { spec: { updatePolicy: { updateMode: string } } };
    expect(vpaObject.spec.updatePolicy.updateMode).toBe('InPlaceOrRecreate');

    // Move the recommendation above what the pods run with (a floor in the VPA's policy), so the
    // updater has to act: in this mode it resizes in place instead of evicting.
    const patched = await fetchPatch('/apis/autoscaling.k8s.io/v1/namespaces/ml/verticalpodautoscalers/trainer', { spec: { resourcePolicy: { containerPolicies: [{ containerName: '*', minAllowed: { cpu: '1500m' } }] } } });
    expect(patched).toBe(200);
    let next: VpaResizeEntryDto[] = [];
    await expect.poll(async () => {
      next = (await vpa(request, TRAINER)).history.filter((e) => e.at >= switchedAt);
      return next.filter((e) => e.path === 'in-place' && e.settled).length;
    }, { timeout: 180_000, intervals: [2_000] }).toBeGreaterThan(0);
    expect(next.filter((e) => e.path === 'eviction')).toEqual([]);
    const first = next.find((e) => e.path === 'in-place')!;
    expect(first.to.cpu).toBe('1500m');
    await p.goto(TRAINER);
    await expect(p.entry(first.pod, first.outcome).first()).toContainText('in place');
    await screens(page, 'vpa-detail-trainer-in-place');
  });

  test('the recorded history survives a dashboard restart, even once the Events are gone', async ({ page }) => {
    test.setTimeout(300_000);
    const dir = path.resolve('.scaleguard/e2e-vpa-restart');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const kubeconfig = path.join(dir, 'sim', 'kubeconfig');
    const sim = await startSimulator(EXTRA_SIM_PORT, 'demo', kubeconfig);
    let dash = await startDashboard(EXTRA_PORT, kubeconfig, dir);
    try {
      const history = async () => (await vpa(page.request, REC, dash.url)).history;
      let before: VpaResizeEntryDto[] = [];
      await expect.poll(async () => {
        before = (await history()).filter((e) => e.settled);
        const seen = new Set(before.map(kind));
        return ['in-place', 'in-place-with-restart', 'evicted:infeasible'].filter((k) => !seen.has(k));
      }, { timeout: 180_000, intervals: [2_000] }).toEqual([]);

      // Kubernetes drops Events after an hour: without them, only the recorded history can say what happened.
      const gone = await simRequest('DELETE', '/api/v1/namespaces/ml/events', undefined, { kubeconfig });
      expect(gone.status).toBe(200);
      await dash.stop();
      // Restarted read-only: the history is still there, and the action says why it cannot run.
      dash = await startDashboard(EXTRA_PORT, kubeconfig, dir, { SCALEGUARD_READ_ONLY: '1' });

      const after = await history();
      const same = (e: VpaResizeEntryDto) => ({ pod: e.pod, container: e.container, at: e.at, from: e.from, to: e.to, path: e.path, outcome: e.outcome });
      expect(after.map(same)).toEqual(expect.arrayContaining(before.map(same)));
      const p = new VpaPage(page, dash.url);
      await p.goto(REC);
      for (const e of before) await expect(p.entry(e.pod, e.outcome).first()).toBeVisible();
      await expect(p.planButton).toBeDisabled();
      await expect(p.action.locator('[data-access-reason]')).toContainText(/read-only/i);
      await screens(page, 'vpa-detail-after-restart');
    } finally {
      await dash.stop();
      await sim.stop();
    }
  });
});

/** A JSON merge patch as the demo's admin (what `kubectl patch --type merge` sends). */
async function fetchPatch(apiPath: string, body: unknown): Promise<number> {
  const { server, token } = simAccess();
  const r = await fetch(`${server}${apiPath}`, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify(body) });
  return r.status;
}
