/**
 * `npm run sim -- --scenario demo|FILE|DIR [--port N] [--kubeconfig PATH]`: starts the simulated
 * cluster on 127.0.0.1, writes its kubeconfig, prints the path and a ready line, and stops cleanly
 * on SIGINT/SIGTERM. Errors (port taken, invalid scenario) are one line on stderr, exit code 1.
 */
import { parseArgs } from 'node:util';
import { toApiError } from './api/errors';
import { ControllerSettingsError } from './controllers/runtime/manager';
import { ScenarioError } from './scenario/load';
import { startSimulator } from './simulator';

function fail(message: string): never {
  process.stderr.write(`scaleguard-sim: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { scenario?: string; port?: string; kubeconfig?: string; speed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { scenario: { type: 'string' }, port: { type: 'string' }, kubeconfig: { type: 'string' }, speed: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write('usage: npm run sim -- --scenario demo|FILE|DIR [--port N] [--kubeconfig PATH] [--speed X]\n');
    return;
  }
  const port = Number(values.port ?? '6443');
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a TCP port number, got ${values.port}`);
  const speed = Number(values.speed ?? '1');
  if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) fail(`--speed must be a positive number (simulated seconds per real second), got ${values.speed}`);
  const scenario = values.scenario ?? 'demo';
  let sim;
  try {
    sim = await startSimulator({ scenario, port, speed });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} on 127.0.0.1 is already in use (choose another with --port)`);
    if (e instanceof ScenarioError || e instanceof ControllerSettingsError) fail(`invalid scenario: ${e.message}`);
    fail(toApiError(e).message);
  }
  const file = sim.writeKubeconfig(values.kubeconfig ?? '.scaleguard/sim/kubeconfig');
  process.stdout.write(`scaleguard-sim: kubeconfig written to ${file}\n`);
  process.stdout.write(`scaleguard-sim: ready on ${sim.url} (scenario ${scenario}; kubectl --kubeconfig ${file} get deploy -A)\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`scaleguard-sim: ${signal}, stopping\n`);
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
