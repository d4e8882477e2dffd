'use client';

import { useQuery } from '@tanstack/react-query';
import type { CronHpaDto, CronHpasDto } from '@/lib/dto/cronhpa';
import type { FindingDto } from '@/lib/dto/findings';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

export type CronHpaPage = CronHpaDto<FindingDto>;
export type CronHpasPage = CronHpasDto<FindingDto>;

/** `GET /api/v1/cronhpas`: refreshed by snapshot events, and every minute so next runs move on. */
export function useCronHpas(context: string, namespace: string | undefined, initialData?: CronHpasPage) {
  return useQuery({
    queryKey: queryKeys.cronhpas(context, namespace),
    queryFn: () => fetchJson<CronHpasPage>(apiUrl('/api/v1/cronhpas', { context, namespace })),
    initialData,
    refetchInterval: 60_000,
  });
}

/** `GET /api/v1/cronhpas/{namespace}/{name}`. */
export function useCronHpa(context: string, ref: { namespace: string; name: string }, initialData?: CronHpaPage) {
  return useQuery({
    queryKey: queryKeys.cronhpa(context, ref),
    queryFn: () => fetchJson<CronHpaPage>(apiUrl(`/api/v1/cronhpas/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`, { context })),
    initialData,
    refetchInterval: 60_000,
  });
}
