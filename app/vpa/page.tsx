import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { VpaView } from '@/components/vpa/vpa-view';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';
import { vpasFor } from '@/server/vpa';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'VPA' };

export default async function VpaPage() {
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  return <VpaView context={context} initial={await vpasFor(cache)} />;
}
