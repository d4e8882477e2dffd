'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { WorkloadQuery, WorkloadsDto } from '@/lib/dto/workloads';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

export function useWorkloads(context: string, query: WorkloadQuery, initialData?: WorkloadsDto) {
  return useQuery({
    queryKey: queryKeys.workloads(context, query),
    queryFn: () => fetchJson<WorkloadsDto>(apiUrl('/api/v1/workloads', { context, ...query })),
    initialData,
    placeholderData: keepPreviousData,
  });
}
