#!/usr/bin/env node
// Runs every check and test, then prints one line `N passed, N failed` summed from the runners'
// own JSON reports (vitest and Playwright), so CI reads a figure nobody typed by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `./node_modules/.bin/${name}`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };
const failedSteps = [];

function step(title, cmd, args, extraEnv = {}) {
  console.log(`\n── ${title} ─────────────────────────────────────────`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (r.status !== 0) failedSteps.push(title);
  return r.status === 0;
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try { return JSON.parse(readFileSync(path, 'utf8')); } catch { return undefined; }
}

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });

step('typecheck', bin('tsc'), ['--noEmit']);
step('lint', bin('eslint'), ['.', '--max-warnings=0']);
step('unit and integration tests (vitest)', bin('vitest'), [
  'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json',
]);
const built = step('build', bin('next'), ['build']);
if (built) {
  step('end-to-end tests (Playwright, Chromium)', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'reports/playwright.json',
    SCALEGUARD_SKIP_BUILD: '1',
  });
}

let passed = 0;
let failed = 0;
const vitest = readJson('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
} else failedSteps.push('vitest report missing');
const pw = readJson('reports/playwright.json');
if (pw) {
  passed += pw.stats?.expected ?? 0;
  failed += (pw.stats?.unexpected ?? 0) + (pw.stats?.flaky ?? 0);
} else if (built) failedSteps.push('playwright report missing');

if (failedSteps.length) console.log(`\nfailed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length || failed ? 1 : 0);
