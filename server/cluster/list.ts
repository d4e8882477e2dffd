import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@/lib/k8s/object';
import { collectionPath, type ResourceKind } from '@/lib/k8s/resources';
import { ApiRequestError, getJson } from './http';
import { ingest } from './ingest';

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  pages: number;
}

/**
 * Lists every object of a kind in pages of `limit` (a real cluster's 10,000 Deployments arrive in
 * chunks instead of one 100 MB body). An expired continue token (410) restarts the list, as
 * client-go's pager does.
 */
export async function listAll(kc: KubeConfig, kind: ResourceKind, limit: number): Promise<ListResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await listPages(kc, kind, limit);
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 410 && attempt < 2) continue;
      throw err;
    }
  }
}

async function listPages(kc: KubeConfig, kind: ResourceKind, limit: number): Promise<ListResult> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  let pages = 0;
  do {
    const qs = new URLSearchParams({ limit: String(limit) });
    if (token) qs.set('continue', token);
    const body = (await getJson(kc, `${collectionPath(kind)}?${qs}`)) as {
      items?: unknown[];
      metadata?: { resourceVersion?: string; continue?: string };
    };
    pages++;
    for (const raw of body.items ?? []) {
      const obj = ingest(raw, kind);
      if (obj) items.push(obj);
    }
    resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
    token = body.metadata?.continue || undefined;
  } while (token);
  return { items, resourceVersion, pages };
}
