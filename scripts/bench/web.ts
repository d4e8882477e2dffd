/**
 * Measurements through the running dashboard: findings API latency, API-server requests caused by
 * page views (from the simulator's request counter), SSE fan-out, first-load JS per route.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { percentile } from './measure';

export async function apiLatency(base: string, path: string, n: number): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}${path}`);
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export type RequestCounts = Record<string, Record<string, number>>;

export async function simRequests(simUrl: string, token: string): Promise<RequestCounts> {
  const r = await fetch(`${simUrl}/_sim/stats`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await r.json()) as { requests: RequestCounts }).requests;
}

/**
 * Requests in `after` not in `before`, per verb: `perView` are what page views may have caused;
 * `background` are watches (long-lived) and discovery (`get /apis…`, polled on a timer whatever
 * the views), reported apart.
 */
export function requestDelta(before: RequestCounts, after: RequestCounts): { perView: Record<string, number>; background: Record<string, number> } {
  const perView: Record<string, number> = {};
  const background: Record<string, number> = {};
  for (const [user, verbs] of Object.entries(after)) {
    for (const [verb, n] of Object.entries(verbs)) {
      const d = n - (before[user]?.[verb] ?? 0);
      if (d <= 0) continue;
      const bucket = verb === 'watch' || /^get \/(apis|api|version)\b/.test(verb) ? background : perView;
      bucket[verb] = (bucket[verb] ?? 0) + d;
    }
  }
  return { perView, background };
}

/** Resident memory of a process and its children (next start may fork its server), from /proc (Linux). */
export function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const own = m ? Number(m[1]) * 1024 : 0;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return own + children.reduce((sum, c) => sum + (rssOf(c) ?? 0), 0);
  } catch {
    return undefined;
  }
}

/** Opens `n` SSE streams, then calls `trigger`; counts the streams that hear a newer snapshot. */
export async function sseFanOut(base: string, n: number, trigger: () => Promise<void>, waitMs = 15_000): Promise<{ delivered: number; maxLatencyMs: number }> {
  const versions: number[] = new Array(n).fill(-1);
  const heardAt: number[] = new Array(n).fill(NaN);
  const requests: http.ClientRequest[] = [];
  let triggeredAt = Infinity;
  await Promise.all(Array.from({ length: n }, (_, i) => new Promise<void>((ready) => {
    const req = http.get(`${base}/api/v1/stream`, (res) => {
      let buf = '';
      res.on('data', (chunk) => {
        buf += chunk;
        let idx;
        while ((idx = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, idx);
          buf = buf.slice(idx + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!data) continue;
          const v = (JSON.parse(data) as { version: number }).version;
          if (versions[i] === -1) { versions[i] = v; ready(); } else if (v > versions[i]! && Number.isNaN(heardAt[i]!) && performance.now() >= triggeredAt) heardAt[i] = performance.now();
        }
      });
    });
    requests.push(req);
  })));
  triggeredAt = performance.now();
  await trigger();
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && heardAt.some((t) => Number.isNaN(t))) await new Promise((r) => setTimeout(r, 50));
  for (const r of requests) r.destroy();
  const heard = heardAt.filter((t) => !Number.isNaN(t));
  return { delivered: heard.length, maxLatencyMs: heard.length ? Math.max(...heard) - triggeredAt : NaN };
}

/** gzip size of the JavaScript a browser loads for a route's first view. */
export async function firstLoadJs(base: string, route: string): Promise<number> {
  const html = await (await fetch(`${base}${route}`)).text();
  const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let total = 0;
  for (const src of srcs) total += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
  return total;
}
