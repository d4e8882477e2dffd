import 'server-only';
/** The process-wide history store and a recorder per context cache. */
import path from 'node:path';
import type { RuleHistory } from '@/lib/rules/types';
import type { ClusterCache } from '../cluster/cluster-cache';
import { config } from '../config';
import { recordVpaResizes } from '../vpa-resizes';
import { ActionLog } from './action-log';
import { HistoryStore } from './history-store';
import { HistoryRecorder } from './recorder';

const KEY = Symbol.for('scaleguard.history');

interface HistoryState {
  store: HistoryStore;
  actionLog?: ActionLog;
  recorders: WeakMap<ClusterCache, HistoryRecorder>;
}

function state(): HistoryState {
  const g = globalThis as typeof globalThis & { [KEY]?: HistoryState };
  g[KEY] ??= { store: new HistoryStore(path.join(config().dataDir, 'history.sqlite')), recorders: new WeakMap() };
  return g[KEY];
}

export function historyStore(): HistoryStore {
  return state().store;
}

/** Starts recording a context's history (once per cache). */
export function recordHistory(cache: ClusterCache): void {
  const s = state();
  if (!s.recorders.has(cache)) s.recorders.set(cache, new HistoryRecorder(cache, s.store));
  recordVpaResizes(cache);
}

/** What the rules may ask of the history, for one context. */
export function ruleHistory(context: string): RuleHistory {
  const store = historyStore();
  return { generationObservedAt: (uid, generation) => store.generationObservedAt(context, uid, generation) };
}

/** The process-wide action log (same SQLite file as the history, table `action_log`). */
export function actionLog(): ActionLog {
  const s = state();
  s.actionLog ??= new ActionLog(path.join(config().dataDir, 'history.sqlite'));
  return s.actionLog;
}
