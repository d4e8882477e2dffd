import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { RESOURCE_KINDS, type ResourceId } from '@/lib/k8s/resources';
import { getJson } from './http';

export interface DiscoveryResult {
  /** Kinds the server serves; add-on kinds whose CRD is not installed are absent. */
  served: Set<ResourceId>;
  serverVersion?: string;
}

interface ApiGroupList { groups?: { name?: string; versions?: { groupVersion?: string }[] }[] }
interface ApiResourceList { resources?: { name?: string }[] }

/**
 * Asks the server which of our kinds it serves (`/apis`, then each needed group version) and its
 * version. Built-in kinds are assumed served; only add-on groups are checked.
 */
export async function discover(kc: KubeConfig): Promise<DiscoveryResult> {
  const [groups, version] = await Promise.all([
    getJson(kc, '/apis') as Promise<ApiGroupList>,
    (getJson(kc, '/version') as Promise<{ gitVersion?: string }>).catch(() => undefined),
  ]);
  const groupVersions = new Set((groups.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion ?? '')));
  const served = new Set<ResourceId>();
  const needed = new Map<string, ResourceId[]>();
  for (const k of RESOURCE_KINDS) {
    if (!k.component) {
      served.add(k.id);
      continue;
    }
    const gv = `${k.group}/${k.version}`;
    if (groupVersions.has(gv)) needed.set(gv, [...(needed.get(gv) ?? []), k.id]);
  }
  await Promise.all([...needed].map(async ([gv, ids]) => {
    const list = (await getJson(kc, `/apis/${gv}`)) as ApiResourceList;
    const plurals = new Set((list.resources ?? []).map((r) => r.name));
    for (const id of ids) if (plurals.has(RESOURCE_KINDS.find((k) => k.id === id)!.plural)) served.add(id);
  }));
  return { served, serverVersion: version?.gitVersion };
}
