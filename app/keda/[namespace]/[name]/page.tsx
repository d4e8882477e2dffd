import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { ScaledObjectView } from '@/components/keda/scaledobject-view';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { scaledObjectDetail } from '@/server/keda';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.name)} (ScaledObject)` };
}

export default async function ScaledObjectPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  const detail = await scaledObjectDetail(cache, namespace, name);
  if (!detail) {
    const kind = cache.snapshot().kinds.scaledobjects;
    return (
      <Card>
        <EmptyState title={`ScaledObject ${namespace}/${name} is not shown`} action={<Link href="/keda" className="text-sm text-accent hover:underline">Back to KEDA</Link>}>
          {kind.state === 'forbidden'
            ? <>Context <span className="font-mono">{context}</span> may not list ScaledObjects: <span className="font-mono">{kind.message ?? 'forbidden'}</span>.</>
            : <>It is not in context <span className="font-mono">{context}</span>, or it was deleted, or scaleguard has not listed it yet.</>}
        </EmptyState>
      </Card>
    );
  }
  return <ScaledObjectView context={context} initial={detail} />;
}
