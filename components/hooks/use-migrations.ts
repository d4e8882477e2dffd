'use client';

import { useQuery } from '@tanstack/react-query';
import type { MigrationsDto } from '@/lib/dto/migrations';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson } from '../api';

/** Every migration candidate and migration of a context (`GET /api/v1/migrations`), refreshed on every snapshot. */
export function useMigrations(context: string, initialData?: MigrationsDto) {
  return useQuery({
    queryKey: queryKeys.migrations(context),
    queryFn: () => fetchJson<MigrationsDto>(apiUrl('/api/v1/migrations', { context })),
    initialData,
  });
}
