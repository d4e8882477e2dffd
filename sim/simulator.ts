/**
 * The programmatic entry: `startSimulator()` builds the API server, loads a scenario, listens on
 * 127.0.0.1 and hands back what tests, `npm run sim` and `npm run demo` need.
 *
 * @example
 * const sim = await startSimulator({ scenario: 'sim/testdata/basic.yaml', port: 0 });
 * writeFileSync(tmp, sim.kubeconfigYaml); // KUBECONFIG for kubectl or client-node
 * await sim.stop();
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiServer } from './apiserver/api-server';
import { Authenticator } from './auth/authenticator';
import { Authorizer } from './auth/authorizer';
import { ManualClock, type Clock } from './clock';
import { allControllers } from './controllers';
import type { Controller } from './controllers/runtime/controller';
import { ControllerManager } from './controllers/runtime/manager';
import { ManualScheduler, RealtimeScheduler, SpeedClock, type Scheduler } from './controllers/runtime/scheduler';
import { bootstrap } from './bootstrap';
import { renderKubeconfig, type KubeconfigUser } from './kubeconfig';
import { controlHandler } from './control';
import { SimHttpServer } from './http/server';
import { applyScenario } from './scenario/apply';
import { readScenario, type ParsedScenario } from './scenario/load';
import type { Store } from './store/store';

export const ADMIN_USER = 'kubernetes-admin';

export interface SimulatorOptions {
  /** `demo`, a YAML file or a directory; or an already parsed scenario; none: an empty cluster. */
  scenario?: string | ParsedScenario;
  /** 0 picks a free port. */
  port?: number;
  clock?: Clock;
  /** Watch BOOKMARK interval (default 5 s; client-node's Watch gives up after 30 s of silence). */
  bookmarkMs?: number;
  /** Watch history per resource (default 10,000 events). */
  eventLogCapacity?: number;
  /** How long continue tokens stay consistent (default 5 minutes). */
  continueTtlMs?: number;
  /**
   * The fake controllers to run: all of them (default), none, or a chosen set (tests of one
   * controller). They start before the scenario loads, so admission webhooks judge its objects.
   */
  controllers?: 'all' | 'none' | Controller[];
  /** Simulated time runs this many times faster than real time (ignored with a ManualClock). */
  speed?: number;
}

export interface Simulator {
  /** Plain HTTP base URL (fetch, curl). */
  url: string;
  /** HTTPS base URL of the same port (self-signed), the one the kubeconfig uses. */
  httpsUrl: string;
  port: number;
  kubeconfigYaml: string;
  writeKubeconfig(file: string): string;
  adminToken: string;
  /** The token of a scenario user (throws for unknown users). */
  tokenOf(user: string): string;
  store: Store;
  api: ApiServer;
  /** Resolves once the garbage collector and every controller have nothing queued. */
  settled(): Promise<void>;
  /** The running fake controllers. */
  controllers: ControllerManager;
  /** Tests (ManualClock only): moves simulated time forward, running every controller timer due. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const clock = opts.clock ?? new SpeedClock(opts.speed ?? 1);
  const api = new ApiServer({ clock, eventLogCapacity: opts.eventLogCapacity, continueTtlMs: opts.continueTtlMs });
  const onTimerError = (e: unknown) => process.stderr.write(`scaleguard-sim: controller timer failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  const scheduler: Scheduler = clock instanceof ManualClock
    ? new ManualScheduler(clock, onTimerError)
    : new RealtimeScheduler(clock instanceof SpeedClock ? clock : new SpeedClock(1, clock.now()), onTimerError);
  let controllers: ControllerManager | undefined;
  const authn = new Authenticator();
  const authz = new Authorizer(api.store);
  const adminToken = randomBytes(24).toString('hex');
  authn.addToken(adminToken, { username: ADMIN_USER, groups: ['system:masters'] });
  try {
    await bootstrap(api);
    const scenario = typeof opts.scenario === 'string' ? readScenario(opts.scenario) : opts.scenario;
    controllers = new ControllerManager(api, scheduler, scenario);
    const chosen = opts.controllers ?? 'all';
    await controllers.start(chosen === 'all' ? allControllers() : chosen === 'none' ? [] : chosen);
    const kubeUsers: KubeconfigUser[] = [];
    if (scenario) {
      for (const u of scenario.users) {
        authn.addToken(u.spec.token, { username: u.metadata.name, groups: u.spec.groups });
        if (u.spec.context) kubeUsers.push({ name: `scaleguard-sim-${u.metadata.name}`, token: u.spec.token, context: u.spec.context });
      }
      await applyScenario(api, scenario);
    }
    await controllers.settled();
    const http = new SimHttpServer({ api, authn, authz, bookmarkMs: opts.bookmarkMs, control: controlHandler });
    const port = await http.listen(opts.port ?? 6443);
    const url = `http://127.0.0.1:${port}`;
    // kubectl sends bearer tokens only over TLS, so the kubeconfig names the HTTPS side of the port.
    const httpsUrl = `https://127.0.0.1:${port}`;
    const kubeconfigYaml = renderKubeconfig(httpsUrl, adminToken, kubeUsers);
    return {
      url, httpsUrl, port, kubeconfigYaml, adminToken, store: api.store, api,
      writeKubeconfig(file: string) {
        const abs = path.resolve(file);
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, kubeconfigYaml, { mode: 0o600 });
        return abs;
      },
      tokenOf(user: string) {
        const t = authn.tokenOf(user);
        if (!t) throw new Error(`no such simulator user: ${user}`);
        return t;
      },
      controllers,
      settled: () => controllers!.settled(),
      advance: (ms: number) => controllers!.advance(ms),
      async stop() {
        controllers!.stop();
        await http.close();
        authz.stop();
        api.stop();
      },
    };
  } catch (e) {
    controllers?.stop();
    authz.stop();
    api.stop();
    throw e;
  }
}
