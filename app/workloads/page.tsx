import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { WorkloadsView } from '@/components/workloads/workloads-view';
import { parseWorkloadQuery } from '@/lib/dto/workload-query';
import { queryWorkloads } from '@/lib/dto/workloads';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';
import { workloadRowsOf } from '@/server/views';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Workloads' };

export default async function WorkloadsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  const query = parseWorkloadQuery(await searchParams);
  const initial = queryWorkloads(workloadRowsOf(cache.snapshot()), query, new Date().toISOString());
  return <WorkloadsView context={context} initialQuery={query} initial={initial} />;
}
