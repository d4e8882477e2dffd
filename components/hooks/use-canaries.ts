'use client';

import { useQuery } from '@tanstack/react-query';
import type { CanariesDto } from '@/lib/dto/canaries';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

export function useCanaries(context: string, initialData?: CanariesDto) {
  return useQuery({
    queryKey: queryKeys.canaries(context),
    queryFn: () => fetchJson<CanariesDto>(apiUrl('/api/v1/canaries', { context })),
    initialData,
  });
}
