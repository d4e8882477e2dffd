'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { KedaDto } from '@/lib/dto/keda';
import type { ScaledObjectDetailDto } from '@/lib/dto/keda-detail';
import type { KedaTimelineDto } from '@/lib/dto/keda-timeline';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

/** `GET /api/v1/scaledobjects`: every ScaledObject and ScaledJob, and KEDA's installation. */
export function useKeda(context: string, initialData?: KedaDto) {
  return useQuery({
    queryKey: queryKeys.keda(context),
    queryFn: () => fetchJson<KedaDto>(apiUrl('/api/v1/scaledobjects', { context })),
    initialData,
  });
}

function soPath(ref: { namespace: string; name: string }): string {
  return `/api/v1/scaledobjects/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

/**
 * One ScaledObject in detail. Its trigger values come from KEDA's metrics server, not the change
 * stream, so it also refreshes every 15 s while the page is open.
 */
export function useScaledObject(context: string, ref: { namespace: string; name: string }, initialData?: ScaledObjectDetailDto) {
  return useQuery({
    queryKey: queryKeys.scaledObject(context, ref),
    queryFn: () => fetchJson<ScaledObjectDetailDto>(apiUrl(soPath(ref), { context })),
    initialData,
    refetchInterval: 15_000,
  });
}

/** The replica timeline of a ScaledObject over the last `hours`. */
export function useKedaTimeline(context: string, ref: { namespace: string; name: string }, hours: number) {
  return useQuery({
    queryKey: queryKeys.kedaTimeline(context, ref, hours),
    queryFn: () => fetchJson<KedaTimelineDto>(apiUrl(`${soPath(ref)}/history`, { context, hours })),
    placeholderData: keepPreviousData,
  });
}
