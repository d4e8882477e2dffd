'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MigrationDto } from '@/lib/dto/migrations';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, fetchJson, postJson } from '../api';

/** Whether a step of the migration is being applied or waited for: the page then polls every second. */
export function isActive(m: MigrationDto | undefined): boolean {
  return !!m?.steps.some((s) => s.state === 'running' || s.state === 'waiting');
}

function migrationPath(id: string, action?: 'advance' | 'rollback'): string {
  return `/api/v1/migrations/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

/**
 * One migration (`GET /api/v1/migrations/{id}`). Steps run in the background after `advance`
 * returns, so while one runs or waits this polls every second; otherwise snapshot events refresh it.
 */
export function useMigration(context: string, id: string) {
  return useQuery({
    queryKey: queryKeys.migration(context, id),
    queryFn: () => fetchJson<MigrationDto>(apiUrl(migrationPath(id), { context })),
    refetchInterval: (q) => (isActive(q.state.data) ? 1000 : 30_000),
    retry: (count, err) => count < 1 && !(err && 'status' in err && (err as { status: number }).status === 404),
  });
}

/** `POST …/advance` and `POST …/rollback`: the answer is the migration as it now stands. */
export function useMigrationAction(context: string, id: string, action: 'advance' | 'rollback') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { confirm?: string } = {}) => postJson<MigrationDto>(apiUrl(migrationPath(id, action), { context }), body),
    onSuccess: (m) => {
      client.setQueryData(queryKeys.migration(context, id), m);
      void client.invalidateQueries({ queryKey: queryKeys.migrations(context) });
    },
    // A refusal (409: someone else moved it on) means what we show is old.
    onError: () => void client.invalidateQueries({ queryKey: queryKeys.migration(context, id) }),
  });
}
