/** The `npm run sim` entry point as a process: ready line, kubeconfig, clean stop, one-line errors. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASIC } from './test/helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'scaleguard-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], onStdout?: (text: string, stop: () => void) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['sim/cli.ts', ...args], { cwd: path.resolve('.'), env: { ...process.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sim CLI', () => {
  it('starts, writes the kubeconfig, prints a ready line and stops on SIGTERM', async () => {
    const kubeconfig = path.join(dir, 'kc', 'config');
    let stopped = false;
    const r = await run(['--scenario', BASIC, '--port', '0', '--kubeconfig', kubeconfig], (out, stop) => {
      if (!stopped && out.includes('ready on')) {
        stopped = true;
        stop();
      }
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`kubeconfig written to ${kubeconfig}`);
    expect(r.stdout).toMatch(/ready on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).toContain('SIGTERM, stopping');
    expect(existsSync(kubeconfig)).toBe(true);
    expect(readFileSync(kubeconfig, 'utf8')).toContain('current-context: scaleguard-sim');
  });

  it('says in one line that the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const r = await run(['--scenario', BASIC, '--port', String(port), '--kubeconfig', path.join(dir, 'x')]);
    blocker.close();
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`scaleguard-sim: port ${port} on 127.0.0.1 is already in use (choose another with --port)`);
  });

  it('says in one line what is wrong with a scenario', async () => {
    const r = await run(['--scenario', path.join(dir, 'missing.yaml'), '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('scaleguard-sim: invalid scenario: scenario ');
    expect(r.stderr).toContain('missing.yaml does not exist');
  });
});
