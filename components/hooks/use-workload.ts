'use client';

import { useQuery } from '@tanstack/react-query';
import type { WorkloadDetailDto } from '@/lib/dto/workload-detail';
import type { FindingDto } from '@/lib/dto/findings';

export type WorkloadPage = WorkloadDetailDto & { findings: FindingDto[] };
import { queryKeys } from '@/lib/query-keys';
import { fetchJson } from '../api';

export function useWorkload(context: string, ref: { namespace: string; kind: string; name: string }, initialData?: WorkloadPage) {
  const path = `/api/v1/workloads/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}`;
  return useQuery({
    queryKey: queryKeys.workload(context, ref),
    queryFn: () => fetchJson<WorkloadPage>(`${path}?context=${encodeURIComponent(context)}`),
    initialData,
  });
}
