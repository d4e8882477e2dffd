/**
 * Extra dashboards and simulators for journeys the shared demo cannot show (an uninstalled add-on,
 * a broken kubeconfig): real processes on their own ports, stopped after the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  url: string;
  stop: () => Promise<void>;
  output: () => string;
}

function start(cmd: string, args: string[], env: Record<string, string>, readyUrl: string, timeoutMs = 60_000): Promise<Started> {
  const child = spawn(cmd, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${cmd} exited early (${child.exitCode}):\n${out}`));
      try {
        const r = await fetch(readyUrl);
        if (r.ok) return resolve({ url: new URL(readyUrl).origin, stop, output: () => out });
      } catch { /* not up yet */ }
      if (Date.now() > deadline) {
        await stop();
        return reject(new Error(`${readyUrl} not ready within ${timeoutMs / 1000} s:\n${out}`));
      }
      setTimeout(poll, 200);
    };
    void poll();
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** `next start` (the build made by the test command) against the given kubeconfig. */
export function startDashboard(port: number, kubeconfig: string, dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  return start('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], {
    KUBECONFIG: kubeconfig,
    SCALEGUARD_DATA_DIR: dataDir,
    ...env,
  }, `http://127.0.0.1:${port}/readyz`);
}

/** The simulator CLI with a scenario, writing its kubeconfig to `kubeconfig`. */
export function startSimulator(port: number, scenario: string, kubeconfig: string): Promise<Started> {
  return start('./node_modules/.bin/tsx', ['sim/cli.ts', '--scenario', scenario, '--port', String(port), '--kubeconfig', kubeconfig], {}, `http://127.0.0.1:${port}/readyz`);
}
