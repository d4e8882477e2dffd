'use client';

import { useQuery } from '@tanstack/react-query';
import type { OverviewDto } from '@/lib/dto/overview';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

/** The overview of a context, seeded with what the server rendered and refreshed on every snapshot. */
export function useOverview(context: string, initialData?: OverviewDto) {
  return useQuery({
    queryKey: queryKeys.overview(context),
    queryFn: () => fetchJson<OverviewDto>(apiUrl('/api/v1/overview', { context })),
    initialData,
  });
}
