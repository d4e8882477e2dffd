import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { CronHpaDetailView } from '@/components/cronhpa/cronhpa-detail-view';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { cronHpaFor } from '@/server/cronhpa';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} (CronHPA)` };
}

export default async function CronHpaDetailPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const ref = { namespace: decodeURIComponent(p.namespace), name: decodeURIComponent(p.name) };
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  const c = await cronHpaFor(cache, ref.namespace, ref.name);
  if (!c) {
    const kind = cache.snapshot().kinds.cronhpas;
    return (
      <Card>
        <EmptyState title={`CronHPA ${ref.namespace}/${ref.name} was not found`} action={<Link href="/cronhpa" className="text-sm text-accent hover:underline">All CronHPAs</Link>}>
          {kind.state === 'forbidden'
            ? <>Context <span className="font-mono">{context}</span> may not list CronHPAs: <span className="font-mono">{kind.message ?? 'forbidden'}</span>.</>
            : kind.state === 'absent'
              ? <>CronHPA is not installed in context <span className="font-mono">{context}</span>.</>
              : <>It is not in context <span className="font-mono">{context}</span>, or it was deleted, or scaleguard has not listed it yet.</>}
        </EmptyState>
      </Card>
    );
  }
  return <CronHpaDetailView context={context} initial={c} />;
}
