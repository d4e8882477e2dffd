import 'server-only';
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@/lib/k8s/object';
import { collectionPath, type ResourceKind } from '@/lib/k8s/resources';
import type { KindSync } from '@/lib/snapshot';
import { ApiRequestError } from './http';
import { ingest, objectKey } from './ingest';
import { listAll } from './list';

export interface InformerOptions {
  chunkSize: number;
  now: () => Date;
  /** Called after every change to the cached objects or to the sync state. */
  onChange: () => void;
  /** Called with `true` when the server answered, `false` (and why) when it could not be reached. */
  onReachability: (reachable: boolean, message?: string) => void;
}

type WatchEnd = { type: 'closed' } | { type: 'gone' } | { type: 'failed'; error: ApiRequestError };

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps one kind's objects in memory: list (chunked), then watch from the list's resourceVersion.
 * A watch the server closes is resumed from the last resourceVersion; 410 Gone relists; failures
 * back off and retry, keeping the last data marked stale. client-node's own informer does not
 * restart itself after an error, which is why this one exists.
 */
export class Informer {
  private items = new Map<string, KubeObject>();
  private sorted: KubeObject[] | undefined;
  private resourceVersion: string | undefined;
  private listedAt: string | undefined;
  private sync: KindSync = { state: 'pending', count: 0 };
  private stopped = false;
  private watchAbort: AbortController | undefined;
  private wakeSleep: (() => void) | undefined;

  constructor(
    private readonly kc: KubeConfig,
    readonly kind: ResourceKind,
    private readonly opts: InformerOptions,
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.watchAbort?.abort();
    this.wakeSleep?.();
  }

  status(): KindSync {
    return { ...this.sync, count: this.items.size, ...(this.listedAt ? { listedAt: this.listedAt } : {}) };
  }

  /** The cached objects ordered by namespace then name, as a list from the server would be. */
  objects(): readonly KubeObject[] {
    this.sorted ??= [...this.items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
    return this.sorted;
  }

  private async run(): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        const started = Date.now();
        const end = await this.watchOnce();
        if (end.type === 'gone') this.resourceVersion = undefined;
        if (end.type === 'failed') throw end.error;
        // A server that ends watches at once must not be hammered.
        if (end.type === 'closed' && Date.now() - started < 1000) await this.sleep(1000);
        backoff = MIN_BACKOFF_MS;
      } catch (err) {
        if (this.stopped) return;
        const error = toApiError(err);
        this.recordFailure(error);
        await this.sleep(backoff * (0.75 + Math.random() / 2));
        backoff = Math.min(backoff * 2, error.status === 403 ? 60_000 : MAX_BACKOFF_MS);
      }
    }
  }

  private async relist(): Promise<void> {
    const result = await listAll(this.kc, this.kind, this.opts.chunkSize);
    this.items = new Map(result.items.map((o) => [objectKey(o), o]));
    this.sorted = result.items;
    this.resourceVersion = result.resourceVersion;
    this.listedAt = this.opts.now().toISOString();
    this.markSynced();
  }

  private watchOnce(): Promise<WatchEnd> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (end: WatchEnd) => {
        if (settled) return;
        settled = true;
        this.watchAbort = undefined;
        resolve(end);
      };
      const watch = new Watch(this.kc);
      const query = {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        // Servers close watches after this; spread them like client-go does (5–10 min).
        timeoutSeconds: 300 + Math.floor(Math.random() * 300),
      };
      watch
        .watch(collectionPath(this.kind), query, (type, obj) => {
          if (type === 'ERROR') return finish(watchErrorEnd(obj));
          this.apply(type, obj);
        }, (err) => finish(err ? failedEnd(err) : { type: 'closed' }))
        .then((controller) => {
          if (settled) return;
          this.watchAbort = controller;
          this.markSynced();
        })
        .catch((err: unknown) => finish(failedEnd(err)));
    });
  }

  private apply(type: string, raw: unknown): void {
    const rv = (raw as KubeObject | undefined)?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (type === 'BOOKMARK') {
      this.sync = { ...this.sync, lastSyncAt: this.opts.now().toISOString() };
      return;
    }
    const obj = ingest(raw, this.kind);
    if (!obj) return;
    if (type === 'DELETED') this.items.delete(objectKey(obj));
    else this.items.set(objectKey(obj), obj);
    this.sorted = undefined;
    this.sync = { ...this.sync, lastSyncAt: this.opts.now().toISOString() };
    this.opts.onChange();
  }

  private markSynced(): void {
    this.sync = { state: 'synced', count: this.items.size, lastSyncAt: this.opts.now().toISOString() };
    this.opts.onReachability(true);
    this.opts.onChange();
  }

  private recordFailure(error: ApiRequestError): void {
    const now = this.opts.now().toISOString();
    const hadData = this.sync.state === 'synced' || this.sync.state === 'stale';
    if (error.status === 403) this.sync = { state: 'forbidden', count: this.items.size, message: error.message };
    else if (hadData) this.sync = { ...this.sync, state: 'stale', staleSince: this.sync.staleSince ?? now, message: error.message };
    else this.sync = { ...this.sync, state: 'error', message: error.message };
    if (error.unreachable) this.opts.onReachability(false, error.message);
    else this.opts.onReachability(true);
    this.opts.onChange();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeSleep = () => { clearTimeout(t); resolve(); };
    });
  }
}

function watchErrorEnd(status: unknown): WatchEnd {
  const s = status as { code?: number; message?: string; reason?: string } | undefined;
  if (s?.code === 410) return { type: 'gone' };
  return { type: 'failed', error: new ApiRequestError(s?.message ?? 'watch error', s?.code ?? 500, s?.reason) };
}

function failedEnd(err: unknown): WatchEnd {
  // client-node cuts a watch after 30 s without data; a real API server may send no bookmark that
  // often, so an idle cut is an ordinary end: resume from the last resourceVersion.
  if ((err as { name?: string } | undefined)?.name === 'TimeoutError') return { type: 'closed' };
  const status = (err as { statusCode?: number } | undefined)?.statusCode;
  if (status === 410) return { type: 'gone' };
  return { type: 'failed', error: toApiError(err) };
}

/** Normalises client-node/undici/node errors into ApiRequestError (status 0 = not reached). */
export function toApiError(err: unknown): ApiRequestError {
  if (err instanceof ApiRequestError) return err;
  const e = err as { statusCode?: number; code?: unknown; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (typeof e?.statusCode === 'number') return new ApiRequestError(e.message ?? `HTTP ${e.statusCode}`, e.statusCode);
  if (typeof e?.code === 'number' && e.code >= 400) return new ApiRequestError(e.message ?? `HTTP ${e.code}`, e.code);
  const cause = e?.cause;
  if (cause?.code === 'ECONNREFUSED') return new ApiRequestError('connection refused (is the API server running?)', 0, undefined, cause.code);
  // undici's and node's words for a connection the server dropped mid-stream.
  if (/other side closed|socket hang up/i.test(cause?.message ?? e?.message ?? '') || cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') {
    return new ApiRequestError('the API server closed the connection', 0, undefined, cause?.code);
  }
  const message = cause?.message ?? e?.message ?? String(err);
  return new ApiRequestError(message, 0, undefined, cause?.code);
}
