import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { VpaDetailView } from '@/components/vpa/vpa-detail-view';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';
import { vpaFor } from '@/server/vpa';
import { vpaResizeStore } from '@/server/vpa-resizes';

export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} (VPA)` };
}

export default async function VpaDetailPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const ref = { namespace: decodeURIComponent(p.namespace), name: decodeURIComponent(p.name) };
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  const v = await vpaFor(cache, ref.namespace, ref.name);
  if (!v) {
    const kind = cache.snapshot().kinds.vpas;
    return (
      <Card>
        <EmptyState title={`VerticalPodAutoscaler ${ref.namespace}/${ref.name} is not shown`} action={<Link href="/vpa" className="text-sm text-accent hover:underline">All VPAs</Link>}>
          {kind.state === 'absent'
            ? <>The Vertical Pod Autoscaler is not installed in context <span className="font-mono">{context}</span>.</>
            : kind.state === 'forbidden'
              ? <>Context <span className="font-mono">{context}</span> may not list VPAs: <span className="font-mono">{kind.message ?? 'forbidden'}</span>.</>
              : <>It is not in context <span className="font-mono">{context}</span>, or it was deleted, or scaleguard has not listed it yet.</>}
        </EmptyState>
      </Card>
    );
  }
  return <VpaDetailView context={context} initial={v} retentionDays={vpaResizeStore().retentionDays} />;
}
