import 'server-only';
/**
 * The VPA page's data for one context: every VerticalPodAutoscaler from the informer cache, its
 * resize history from SQLite, its findings, and whether the caller may change its update mode.
 * No API-server request per view (the access answers are cached by the AccessChecker).
 */
import type { VpaDto, VpaResizeEntryDto, VpasDto } from '@/lib/dto/vpa';
import { buildVpa, buildVpas, type VpaBuildInput } from '@/lib/dto/vpa-build';
import type { ClusterCache } from './cluster/cluster-cache';
import { findingsOf } from './findings';
import { graphOf } from './views';
import type { StoredResize } from './vpa-history';
import { vpaResizeStore } from './vpa-resizes';

/** Entries per VPA in a list answer; the detail answer has up to {@link DETAIL_LIMIT}. */
export const LIST_LIMIT = 200;
export const DETAIL_LIMIT = 1000;

function toEntry(r: StoredResize): VpaResizeEntryDto {
  const { key: _key, namespace: _ns, vpa: _vpa, ...entry } = r;
  return entry;
}

function input(cache: ClusterCache, history: (ns: string, name: string) => StoredResize[]): VpaBuildInput {
  return {
    history: (ns, name) => history(ns, name).map(toEntry),
    findings: findingsOf(cache.snapshot()),
    retentionDays: vpaResizeStore().retentionDays,
    now: new Date().toISOString(),
  };
}

function since(days: number | undefined): string {
  const store = vpaResizeStore();
  return new Date(Date.now() - (days ?? store.retentionDays) * 86_400_000).toISOString();
}

/** Every VPA (optionally of one namespace) with its recent history. */
export async function vpasFor(cache: ClusterCache, opts: { namespace?: string; days?: number } = {}): Promise<VpasDto> {
  const s = cache.snapshot();
  const grouped = vpaResizeStore().byVpaSince(cache.context, since(opts.days), LIST_LIMIT);
  const dto = buildVpas(s, graphOf(s), input(cache, (ns, name) => grouped.get(`${ns}/${name}`) ?? []), opts.namespace);
  await Promise.all(dto.items.map(async (v) => { v.action = await accessOf(cache, v.namespace); }));
  return dto;
}

/** One VPA, or undefined when the cache does not hold it. */
export async function vpaFor(cache: ClusterCache, namespace: string, name: string, days?: number): Promise<VpaDto | undefined> {
  const s = cache.snapshot();
  const vpa = s.objects.vpas.find((v) => v.metadata.namespace === namespace && v.metadata.name === name);
  if (!vpa) return undefined;
  const store = vpaResizeStore();
  const dto = buildVpa(s, graphOf(s), vpa, input(cache, (ns, n) => store.forVpa(cache.context, ns, n, since(days), DETAIL_LIMIT)));
  dto.action = await accessOf(cache, namespace);
  return dto;
}

async function accessOf(cache: ClusterCache, namespace: string): Promise<{ allowed: boolean; reason?: string }> {
  const a = await cache.access.action('vpa-update-mode', namespace);
  return a.allowed ? { allowed: true } : { allowed: false, ...(a.reason ? { reason: a.reason } : {}) };
}
