import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { WorkloadView } from '@/components/workload/workload-view';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';
import { workloadDetailFor } from '@/server/workload';

export const dynamic = 'force-dynamic';

type Params = { namespace: string; kind: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.name)} (${decodeURIComponent(p.kind)})` };
}

export default async function WorkloadPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const ref = { namespace: decodeURIComponent(p.namespace), kind: decodeURIComponent(p.kind), name: decodeURIComponent(p.name) };
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  const detail = await workloadDetailFor(cache, ref);
  if (!detail) {
    return (
      <Card>
        <EmptyState title={`${ref.kind} ${ref.namespace}/${ref.name} was not found`} action={<Link href="/workloads" className="text-sm text-accent hover:underline">Back to workloads</Link>}>
          It is not in context <span className="font-mono">{context}</span>, or it was deleted, or scaleguard has not listed it yet.
        </EmptyState>
      </Card>
    );
  }
  return <WorkloadView context={context} initial={detail} />;
}
