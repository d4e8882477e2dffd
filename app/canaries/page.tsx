import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { CanariesView } from '@/components/canaries/canaries-view';
import { canariesOf } from '@/server/canaries';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Canaries' };

export default async function CanariesPage() {
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  return <CanariesView context={context} initial={canariesOf(cache.snapshot())} />;
}
