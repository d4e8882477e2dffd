'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MigrationDto, PlanDto, PlanRequest } from '@/lib/dto/migrations';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, postJson } from '../api';

/**
 * A plan for a request (`POST /api/v1/plans`). Planning dry-runs every step on the server, so it
 * happens once per request (and again when the user asks), not on every snapshot event.
 */
export function usePlan(context: string, request: PlanRequest) {
  return useQuery({
    queryKey: queryKeys.plan(context, request),
    queryFn: () => postJson<PlanDto>(apiUrl('/api/v1/plans', { context }), request),
    staleTime: Infinity,
    refetchInterval: false,
    retry: false,
  });
}

/** `POST /api/v1/migrations { planId }`: starts a migration from a plan; its steps then run one `advance` at a time. */
export function useStartMigration(context: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (planId: string) => postJson<MigrationDto>(apiUrl('/api/v1/migrations', { context }), { planId }),
    onSuccess: (m) => {
      client.setQueryData(queryKeys.migration(context, m.id), m);
      void client.invalidateQueries({ queryKey: queryKeys.migrations(context) });
    },
  });
}
