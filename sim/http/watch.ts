/**
 * Watch over HTTP: a chunked stream of `{"type","object"}` lines. Starts from the current state
 * (no resourceVersion or "0": synthetic ADDED events) or replays the event log after a given
 * resourceVersion (too old: one ERROR event with a 410 Expired Status, on a 200 stream, as
 * kube-apiserver does). Selector-filtered watches see objects enter (ADDED) and leave (DELETED).
 * Bookmarks keep idle clients alive; `timeoutSeconds` ends the stream.
 */
import type { ServerResponse } from 'node:http';
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { errors } from '../api/errors';
import type { ApiServer } from '../apiserver/api-server';
import { fromStorage } from '../apiserver/convert';
import { compileFilter } from '../apiserver/selectors';
import type { StoreEvent } from '../store/event-log';
import { gv, type ResourceInfo } from '../registry/types';
import { contentTypeOf, type Representation } from './negotiate';
import { partialMetadata, toTable, type IncludeObject } from './table';

export interface WatchRequest {
  res: ResourceInfo;
  namespace: string | undefined;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  representation: Representation;
  includeObject: IncludeObject;
}

/** Open watch streams, so an outage can cut them all. */
export type WatchRegistry = Set<ServerResponse>;

export function serveWatch(api: ApiServer, w: WatchRequest, out: ServerResponse, open: WatchRegistry, bookmarkMs: number): void {
  const { res } = w;
  const filter = compileFilter(res, w.labelSelector, w.fieldSelector);
  const ns = res.namespaced ? w.namespace : undefined;
  const inScope = (o: KubeObject): boolean => (!ns || o.metadata.namespace === ns) && (!filter || filter(o));
  let firstTable = true;
  let closed = false;

  const render = (o: KubeObject): JsonObject => {
    const view = fromStorage(res, o);
    if (w.representation === 'table') {
      const t = toTable(res, [view], api.clock.now(), { includeObject: w.includeObject, noHeaders: !firstTable, resourceVersion: view.metadata.resourceVersion });
      firstTable = false;
      return t;
    }
    if (w.representation === 'metadata') return partialMetadata(view);
    return view as unknown as JsonObject;
  };
  const write = (type: string, object: JsonObject): void => {
    if (!closed) out.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = (extra?: Record<string, string>): void => {
    const metadata: JsonObject = { resourceVersion: String(api.store.resourceVersion) };
    if (extra) metadata.annotations = extra;
    write('BOOKMARK', { kind: res.kind, apiVersion: gv(res), metadata });
  };
  const onEvent = (e: StoreEvent): void => {
    const now = e.type === 'DELETED' ? false : inScope(e.object);
    const before = e.old ? inScope(e.old) : false;
    if (e.type === 'ADDED' && now) write('ADDED', render(e.object));
    else if (e.type === 'MODIFIED') {
      if (now && before) write('MODIFIED', render(e.object));
      else if (now) write('ADDED', render(e.object));
      else if (before) write('DELETED', render(e.object));
    } else if (e.type === 'DELETED' && before) write('DELETED', render(e.object));
  };

  out.writeHead(200, { 'Content-Type': contentTypeOf(w.representation, false), 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked', 'X-Content-Type-Options': 'nosniff' });
  out.flushHeaders();

  const rvText = w.resourceVersion ?? '';
  const fromNow = rvText === '' || rvText === '0';
  if (!fromNow) {
    const rv = Number(rvText);
    const events = Number.isNaN(rv) ? undefined : api.store.eventsSince(res.storage, rv);
    if (!events) {
      const err = errors.expired(`too old resource version: ${rvText} (${api.store.compactedRv(res.storage)})`);
      write('ERROR', err.status as unknown as JsonObject);
      out.end();
      return;
    }
    for (const e of events) onEvent(e);
    if (w.sendInitialEvents === true) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else if (w.sendInitialEvents !== false) {
    for (const o of api.store.list(res.storage, ns)) if (inScope(o)) write('ADDED', render(o));
    if (w.sendInitialEvents === true && w.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  }

  const unsubscribe = api.store.subscribe(res.storage, onEvent);
  const timers: NodeJS.Timeout[] = [];
  if (w.allowBookmarks) timers.push(setInterval(() => bookmark(), bookmarkMs));
  const timeout = w.timeoutSeconds && w.timeoutSeconds > 0 ? w.timeoutSeconds * 1000 : 30 * 60_000;
  timers.push(setTimeout(() => out.end(), timeout));
  open.add(out);
  // A watch ends when the response closes (client gone, timeout, outage); `req` closes earlier.
  out.on('close', () => {
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    open.delete(out);
  });
}
