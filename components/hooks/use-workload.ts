'use client';

import { useQuery } from '@tanstack/react-query';
import type { WorkloadDetailDto } from '@/lib/dto/workload-detail';
import { queryKeys } from '@/lib/query-keys';
import { fetchJson } from '../api';

export function useWorkload(context: string, ref: { namespace: string; kind: string; name: string }, initialData?: WorkloadDetailDto) {
  const path = `/api/v1/workloads/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}`;
  return useQuery({
    queryKey: queryKeys.workload(context, ref),
    queryFn: () => fetchJson<WorkloadDetailDto>(`${path}?context=${encodeURIComponent(context)}`),
    initialData,
  });
}
