'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FindingsDto, FindingsQuery } from '@/lib/dto/findings';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

export function useFindings(context: string, query: FindingsQuery, initialData?: FindingsDto) {
  return useQuery({
    queryKey: queryKeys.findings(context, query),
    queryFn: () => fetchJson<FindingsDto>(apiUrl('/api/v1/findings', { context, ...query })),
    initialData,
    placeholderData: keepPreviousData,
  });
}
