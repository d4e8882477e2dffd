/**
 * `npm run sim -- --scenario demo|FILE|DIR [--port N] [--kubeconfig PATH]`, or `--generate N
 * [--seed S] [--pods|--no-pods]` for a generated N-Deployment cluster (sim/generate): starts the simulated
 * cluster on 127.0.0.1, writes its kubeconfig, prints the path and a ready line, and stops cleanly
 * on SIGINT/SIGTERM. Errors (port taken, invalid scenario) are one line on stderr, exit code 1.
 */
import { parseArgs } from 'node:util';
import { toApiError } from './api/errors';
import { ControllerSettingsError } from './controllers/runtime/manager';
import { ScenarioError } from './scenario/load';
import { describeCounts, generateCluster, loadGenerated } from './generate';
import { startSimulator } from './simulator';

function fail(message: string): never {
  process.stderr.write(`scaleguard-sim: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { scenario?: string; port?: string; kubeconfig?: string; speed?: string; help?: boolean; generate?: string; seed?: string; pods?: boolean; 'no-pods'?: boolean };
  try {
    ({ values } = parseArgs({ options: { scenario: { type: 'string' }, port: { type: 'string' }, kubeconfig: { type: 'string' }, speed: { type: 'string' }, help: { type: 'boolean', short: 'h' }, generate: { type: 'string' }, seed: { type: 'string' }, pods: { type: 'boolean' }, 'no-pods': { type: 'boolean' } } }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write('usage: npm run sim -- --scenario demo|FILE|DIR [--port N] [--kubeconfig PATH] [--speed X]\n       npm run sim -- --generate N [--seed S] [--pods|--no-pods] [--port N] [--kubeconfig PATH] [--speed X]\n');
    return;
  }
  const port = Number(values.port ?? '6443');
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a TCP port number, got ${values.port}`);
  const speed = Number(values.speed ?? '1');
  if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) fail(`--speed must be a positive number (simulated seconds per real second), got ${values.speed}`);
  const generated = generateOption(values);
  const scenario = generated ? `generated ${values.generate}` : (values.scenario ?? 'demo');
  let sim;
  try {
    sim = await startSimulator({ scenario: generated?.scenario ?? scenario, port, speed });
    if (generated) {
      loadGenerated(sim.api, generated.objects);
      process.stdout.write(`scaleguard-sim: generated ${describeCounts(generated.counts)}${generated.scenario.settings.controllers?.replicaset ? ' (no pods)' : ''}\n`);
    }
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

/** `--generate N` and its options, or undefined without it. */
function generateOption(values: { scenario?: string; generate?: string; seed?: string; pods?: boolean; 'no-pods'?: boolean }) {
  if (values.generate === undefined) return undefined;
  if (values.scenario !== undefined) fail('--generate and --scenario exclude each other');
  const n = Number(values.generate);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) fail(`--generate must be a number of Deployments from 1 to 100000, got ${values.generate}`);
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
  if (values.pods && values['no-pods']) fail('--pods and --no-pods exclude each other');
  return generateCluster(n, { seed, pods: values.pods ? true : values['no-pods'] ? false : undefined });
}

void main();
