'use client';

import { useQuery } from '@tanstack/react-query';
import type { VpaDto, VpasDto } from '@/lib/dto/vpa';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

/**
 * `GET /api/v1/vpas`: refreshed by snapshot events (a resize changes a pod) and every 30 s, since
 * the resize history is recorded by the server and not part of the snapshot.
 */
export function useVpas(context: string, initialData?: VpasDto) {
  return useQuery({
    queryKey: queryKeys.vpas(context),
    queryFn: () => fetchJson<VpasDto>(apiUrl('/api/v1/vpas', { context })),
    initialData,
    refetchInterval: 30_000,
  });
}

/** `GET /api/v1/vpas/{namespace}/{name}`: one VPA with its full recorded history. */
export function useVpa(context: string, ref: { namespace: string; name: string }, initialData?: VpaDto) {
  return useQuery({
    queryKey: queryKeys.vpa(context, ref),
    queryFn: () => fetchJson<VpaDto>(apiUrl(`/api/v1/vpas/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`, { context })),
    initialData,
    refetchInterval: 15_000,
  });
}
