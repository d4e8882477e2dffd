import 'server-only';
/**
 * The guard pipeline of design §5, one `MigrationService` per kubeconfig context (= per caller in
 * local mode: every write uses that context's credentials, so the cluster's RBAC decides).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { clusterCache, NO_CONTEXT } from '../cluster';
import type { ClusterCache } from '../cluster/cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from '../cluster/kubeconfig';
import { config } from '../config';
import { actionLog } from '../history';
import { DEFAULT_SETTINGS } from './context';
import { ActionError } from './errors';
import { KubeClient } from './kube';
import { PlanStore } from './plans';
import { MigrationService } from './service';

export { ActionError } from './errors';
export { MigrationService } from './service';

const KEY = Symbol.for('scaleguard.actions');

interface ActionsState {
  services: WeakMap<ClusterCache, MigrationService>;
  plans: PlanStore;
  holder: string;
}

// Route handlers may be bundled separately; one state per process keeps one service per context.
function state(): ActionsState {
  const g = globalThis as typeof globalThis & { [KEY]?: ActionsState };
  g[KEY] ??= {
    services: new WeakMap(),
    plans: new PlanStore(),
    holder: `${os.hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`,
  };
  return g[KEY];
}

/** The service of a context (started on first use: it resumes runs other processes left behind). */
export function actionsFor(context?: string): MigrationService {
  const cache = clusterCache(context);
  const s = state();
  const existing = s.services.get(cache);
  if (existing) return existing;
  if (cache.context === NO_CONTEXT) throw new ActionError(503, 'No cluster', 'No usable kubeconfig context: scaleguard cannot make changes.');
  const loaded = loadKubeconfig(config().kubeconfig);
  if (!loaded.ok) throw new ActionError(503, 'No cluster', loaded.error);
  const service = new MigrationService({
    cache,
    client: new KubeClient(kubeConfigForContext(loaded, cache.context)),
    plans: s.plans,
    log: actionLog(),
    holder: s.holder,
    now: () => new Date(),
    settings: DEFAULT_SETTINGS,
  });
  s.services.set(cache, service);
  void cache.whenSettled().then(() => service.start());
  return service;
}
