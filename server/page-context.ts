import 'server-only';
import { clusterCache, listContexts, type ClusterCache } from './cluster';
import { requestedContext } from './session';

/** The context a page renders for (the browser's cookie, else the default) and its cache. */
export function pageContext(cookieValue: string | undefined): { context: string; cache: ClusterCache } {
  const context = requestedContext({ cookie: cookieValue }) ?? listContexts().defaultContext;
  return { context, cache: clusterCache(context) };
}
