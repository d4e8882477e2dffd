/**
 * Shared helpers of the simulator's integration tests: start a simulator on a free port with the
 * test scenario, talk to it with fetch (as admin or another user), and run the real kubectl
 * against it when kubectl is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';

export const TESTDATA = fileURLToPath(new URL('../testdata/', import.meta.url));
export const BASIC = path.join(TESTDATA, 'basic.yaml');

/** Whether the real kubectl is available (tests that need it use `describe.runIf(hasKubectl)`). */
export const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

/** Parsed JSON of a response; tests explore it freely and assert on what they read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON in tests only
export type Json = any;

export interface TestCluster {
  sim: Simulator;
  dir: string;
  kubeconfig: string;
  /** fetch against the plain-HTTP side with a bearer token (admin by default). */
  req(method: string, urlPath: string, opts?: { body?: unknown; contentType?: string; token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: Json; headers: Headers; text: string }>;
  /** Runs kubectl with this cluster's kubeconfig; resolves with exit code and output. */
  kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/** API-server tests run without the fake controllers (pass `controllers` to test some). */
export async function startTestCluster(opts: SimulatorOptions = {}): Promise<TestCluster> {
  const sim = await startSimulator({ scenario: BASIC, port: 0, controllers: 'none', ...opts });
  const dir = mkdtempSync(path.join(tmpdir(), 'scaleguard-sim-test-'));
  const kubeconfig = sim.writeKubeconfig(path.join(dir, 'kubeconfig'));
  return {
    sim, dir, kubeconfig,
    async req(method, urlPath, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? sim.adminToken : o.token;
      if (token) headers.Authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (o.body !== undefined) {
        body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
        headers['Content-Type'] = o.contentType ?? 'application/json';
      }
      const r = await fetch(`${sim.url}${urlPath}`, { method, headers, body });
      const text = await r.text();
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: r.status, body: parsed as Json, headers: r.headers, text };
    },
    kubectl(args, input) {
      return new Promise((resolve) => {
        const child = spawn('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(dir, 'cache'), HOME: dir } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
        if (input !== undefined) child.stdin.end(input);
        else child.stdin.end();
      });
    },
    async close() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a file into the test's temporary directory and returns its path. */
export function writeTemp(dir: string, name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Polls `check` until it returns a value (not undefined/false) or the attempts run out. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, attempts = 200): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

/** A minimal Deployment manifest. */
export function deployment(name: string, namespace = 'shop', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, ...extra },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  };
}

export interface WatchEvent {
  type: string;
  object: Json;
}

/** A watch over plain HTTP: events arrive in order; `next()` waits for the next one. */
export interface WatchStream {
  next(): Promise<WatchEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openWatch(c: TestCluster, urlPath: string, token: string = c.sim.adminToken): Promise<WatchStream> {
  const ac = new AbortController();
  const r = await fetch(`${c.sim.url}${urlPath}`, { headers: { Authorization: `Bearer ${token}` }, signal: ac.signal });
  if (!r.body) throw new Error(`watch ${urlPath}: no body (${r.status})`);
  const queue: WatchEvent[] = [];
  const waiters: ((e: WatchEvent) => void)[] = [];
  let endResolve: () => void = () => {};
  const ended = new Promise<void>((res) => (endResolve = res));
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const e = JSON.parse(line) as WatchEvent;
          const w = waiters.shift();
          if (w) w(e);
          else queue.push(e);
        }
      }
    } catch {
      // aborted
    }
    endResolve();
  })();
  return {
    next() {
      const e = queue.shift();
      if (e) return Promise.resolve(e);
      return new Promise((res) => waiters.push(res));
    },
    ended,
    close: () => ac.abort(),
  };
}
