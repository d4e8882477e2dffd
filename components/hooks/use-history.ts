'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HistoryDto } from '@/lib/history/types';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

export function useHistory(context: string, ref: { namespace: string; kind: string; name: string }, hours: number) {
  const path = `/api/v1/history/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}`;
  return useQuery({
    queryKey: queryKeys.history(context, ref, hours),
    queryFn: () => fetchJson<HistoryDto>(apiUrl(path, { context, hours })),
    placeholderData: keepPreviousData,
  });
}
