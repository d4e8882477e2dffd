#!/usr/bin/env node
// `npm run demo`: build the dashboard when its sources changed, start the cluster simulator, wait
// until it serves, then start the dashboard against the simulator's kubeconfig.
//   PORT (3000)  SCALEGUARD_SIM_PORT (6443)  SCALEGUARD_SCENARIO (demo)  SCALEGUARD_DATA_DIR (.scaleguard)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const port = process.env.PORT ?? '3000';
const simPort = process.env.SCALEGUARD_SIM_PORT ?? '6443';
const scenario = process.env.SCALEGUARD_SCENARIO ?? 'demo';
const dataDir = process.env.SCALEGUARD_DATA_DIR ?? '.scaleguard';
const kubeconfig = path.resolve(dataDir, 'sim', 'kubeconfig');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const children = [];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  const id = '.next/BUILD_ID';
  if (!existsSync(id)) return false;
  const built = statSync(id).mtimeMs;
  const sources = ['app', 'components', 'lib', 'server', 'public'].filter(existsSync);
  const files = ['package.json', 'next.config.js', 'postcss.config.mjs', 'instrumentation.ts'].filter(existsSync);
  return Math.max(...sources.map(newestMtime), ...files.map((f) => statSync(f).mtimeMs)) < built;
}

function stopAll(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));

if (process.env.SCALEGUARD_SKIP_BUILD !== '1' && !buildIsCurrent()) {
  console.log('scaleguard: building the dashboard (next build)…');
  const r = spawnSync('./node_modules/.bin/next', ['build'], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const sim = spawn('./node_modules/.bin/tsx', ['sim/cli.ts', '--scenario', scenario, '--port', simPort, '--kubeconfig', kubeconfig], {
  stdio: ['ignore', 'inherit', 'inherit'], env,
});
children.push(sim);
sim.on('exit', (code) => { console.error(`scaleguard: simulator exited (${code})`); stopAll(code ?? 1); });

async function waitForSim() {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${simPort}/readyz`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('simulator did not become ready within 30 s');
}

await waitForSim();
const web = spawn('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', port], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...env, KUBECONFIG: kubeconfig, SCALEGUARD_DATA_DIR: dataDir },
});
children.push(web);
web.on('exit', (code) => stopAll(code ?? 1));
console.log(`scaleguard: dashboard on http://127.0.0.1:${port} (cluster simulator on 127.0.0.1:${simPort}, kubeconfig ${kubeconfig})`);
