/**
 * `npm run bench`: design §10's targets, each measured in one run against the same simulated
 * cluster (`--generate N`, default 10,000 Deployments) and printed as figures and ratios.
 * Nothing here asserts: a benchmark reports; tests decide.
 *   BENCH_WORKLOADS (10000)  BENCH_SETTLE_SECONDS (20)  BENCH_SIM_PORT (6990)  BENCH_WEB_PORT (3990)
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { mb, ms, printTable, timed, type Row } from './measure';
import { plainListAll } from './plain-list';
import { run, start, waitFor } from './processes';
import { apiLatency, firstLoadJs, requestDelta, rssOf, simRequests, sseFanOut } from './web';

const N = Number(process.env.BENCH_WORKLOADS ?? 10_000);
const SETTLE_S = Number(process.env.BENCH_SETTLE_SECONDS ?? 20);
const SIM_PORT = Number(process.env.BENCH_SIM_PORT ?? 6990);
const WEB_PORT = Number(process.env.BENCH_WEB_PORT ?? 3990);
const tsx = './node_modules/.bin/tsx';

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scaleguard-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const rows: Row[] = [];
  console.log(`scaleguard bench: ${N} Deployments (sim --generate ${N}), settling ${SETTLE_S} s …`);
  // The simulated cluster runs 20× slower than real time: live, but its controllers do not take a
  // core away from what is measured (a real API server runs its controllers elsewhere).
  const sim = start(tsx, ['sim/cli.ts', '--generate', String(N), '--port', String(SIM_PORT), '--kubeconfig', kubeconfig, '--speed', '0.05']);
  let web: ReturnType<typeof start> | undefined;
  try {
    await waitFor('simulator', () => /ready on/.test(sim.output()), 300_000, sim);
    await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
    const kc = parse(readFileSync(kubeconfig, 'utf8')) as { users: { user: { token: string } }[] };
    const token = kc.users[0]!.user.token;
    const simHttps = `https://127.0.0.1:${SIM_PORT}`;
    const simHttp = `http://127.0.0.1:${SIM_PORT}`;

    const plain = await timed(() => plainListAll(simHttps, token));
    rows.push({ measure: 'baseline: plain https + JSON.parse, chunked', value: `${ms(plain.ms)} (${plain.value.objects} objects, ${mb(plain.value.bytes)})`, verdict: 'info' });

    const kubectl = await timed(() => run('kubectl', ['get', 'deploy,sts,hpa,scaledobjects,scaledjobs,vpa,cronhpa,canaries,pods,rs,cm,ns', '-A', '-o', 'json'], { KUBECONFIG: kubeconfig }));
    if (kubectl.value.code === 0) rows.push({ measure: 'baseline: kubectl get … -A -o json', value: ms(kubectl.ms), verdict: 'info' });

    const simPids = descendants(sim.proc.pid).join(' ');
    const cold = await run(tsx, ['--conditions=react-server', '--expose-gc', 'scripts/bench/cold-start.ts', kubeconfig], { BENCH_PAUSE_PIDS: simPids });
    if (cold.code !== 0) throw new Error(`cold start probe failed:\n${cold.stderr}`);
    const c = JSON.parse(cold.stdout.trim().split('\n').at(-1)!) as { coldMs: number; objects: number; findings: number; engineP50: number; engineP95: number; graphP50: number; incrementalFullP50: number; incrementalChangeP50: number; incrementalChangeP95: number; rss: number; heapUsed: number; perRule: string[] };
    const ratio = c.coldMs / plain.ms;
    rows.push({ measure: 'cold start: lists to first complete findings', value: `${ms(c.coldMs)} = ${ratio.toFixed(2)}× baseline (${c.findings} findings)`, target: '≤ 1.3× baseline', verdict: ratio <= 1.3 ? 'met' : 'missed' });
    if (kubectl.value.code === 0) rows.push({ measure: 'cold start vs kubectl', value: `${(kubectl.ms / c.coldMs).toFixed(1)}× faster`, target: '≥ 4×', verdict: kubectl.ms / c.coldMs >= 4 ? 'met' : 'missed' });
    rows.push({ measure: 'cold-start probe memory (tsx process)', value: `RSS ${mb(c.rss)}, heap ${mb(c.heapUsed)}`, verdict: 'info' });
    rows.push({ measure: 'rule engine, whole snapshot in one pass (p50 / p95)', value: `${ms(c.engineP50)} / ${ms(c.engineP95)}, graph ${ms(c.graphP50)} (server paused)`, verdict: 'info' });
    rows.push({ measure: 'server engine, first pass by namespace (p50, graphs included)', value: ms(c.incrementalFullP50), verdict: 'info' });
    rows.push({ measure: 'server engine, after one object changed (p50 / p95)', value: `${ms(c.incrementalChangeP50)} / ${ms(c.incrementalChangeP95)}`, target: '≤ 50 ms', verdict: c.incrementalChangeP50 <= 50 ? 'met' : 'missed' });
    rows.push({ measure: 'slowest rules (p50)', value: c.perRule.slice(0, 4).join(', '), verdict: 'info' });

    if (!existsSync('.next/BUILD_ID')) {
      rows.push({ measure: 'dashboard measurements', value: 'skipped: run `npm run build` first', verdict: 'info' });
    } else {
      web = start('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(WEB_PORT)], { KUBECONFIG: kubeconfig, SCALEGUARD_DATA_DIR: dir });
      const base = `http://127.0.0.1:${WEB_PORT}`;
      await waitFor('dashboard', async () => (await fetch(`${base}/readyz`)).ok, 300_000, web);
      for (const p of ['/', '/workloads', '/findings', '/api/v1/findings']) await (await fetch(`${base}${p}`)).arrayBuffer();
      const api = await apiLatency(base, '/api/v1/findings', 200);
      rows.push({ measure: 'findings API (p50 / p99)', value: `${ms(api.p50)} / ${ms(api.p99)}`, target: '≤ 30 ms / ≤ 100 ms', verdict: api.p50 <= 30 && api.p99 <= 100 ? 'met' : 'missed' });

      const before = await simRequests(simHttp, token);
      for (let i = 0; i < 20; i++) for (const p of ['/', '/workloads', '/findings']) await (await fetch(`${base}${p}`)).arrayBuffer();
      const delta = requestDelta(before, await simRequests(simHttp, token));
      const count = Object.values(delta.perView).reduce((a, b) => a + b, 0);
      const background = Object.entries(delta.background).map(([v, n]) => `${n}× ${v}`).join(', ');
      rows.push({ measure: 'API-server requests caused by 60 page views', value: `${count ? JSON.stringify(delta.perView) : '0'}${background ? ` (meanwhile in the background: ${background})` : ''}`, target: '0', verdict: count === 0 ? 'met' : 'missed' });
      const rss = web.proc.pid ? rssOf(web.proc.pid) : undefined;
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const heap = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(metrics)?.[1]);
      if (rss) rows.push({ measure: 'dashboard process memory (RSS, next start)', value: `${mb(rss)} (heap in use ${mb(heap)})`, target: '≤ 250 MB', verdict: rss <= 250 * 1024 * 1024 ? 'met' : 'missed' });

      const fan = await sseFanOut(base, 50, async () => {
        const list = (await (await fetch(`${simHttp}/apis/apps/v1/deployments?limit=1`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { items: { metadata: { namespace: string; name: string } }[] };
        const d = list.items[0]!.metadata;
        await fetch(`${simHttp}/apis/apps/v1/namespaces/${d.namespace}/deployments/${d.name}`, {
          method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json' },
          body: JSON.stringify({ metadata: { annotations: { 'bench.scaleguard.dev/touched': String(Date.now()) } } }),
        });
      });
      rows.push({ measure: 'SSE fan-out to 50 browsers', value: `${fan.delivered}/50 heard the change, slowest after ${ms(fan.maxLatencyMs)}`, target: '50/50', verdict: fan.delivered === 50 ? 'met' : 'missed' });

      for (const route of ['/', '/workloads', '/findings']) {
        const bytes = await firstLoadJs(base, route);
        rows.push({ measure: `first-load JS ${route} (gzip)`, value: `${(bytes / 1024).toFixed(0)} kB`, target: '≤ 250 kB', verdict: bytes <= 250 * 1024 ? 'met' : 'missed' });
      }
    }
  } finally {
    await web?.stop();
    await sim.stop();
  }
  console.log('');
  printTable(rows);
}

/** A process and its descendants (tsx runs the simulator in a child node process). */
function descendants(pid: number | undefined): number[] {
  if (!pid) return [];
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...kids.flatMap(descendants)];
  } catch {
    return [pid];
  }
}

main().catch((e: unknown) => {
  console.error(`scaleguard bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
