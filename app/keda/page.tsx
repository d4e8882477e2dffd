import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { KedaView } from '@/components/keda/keda-view';
import { kedaView } from '@/server/keda';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'KEDA' };

export default async function KedaPage() {
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  return <KedaView context={context} initial={await kedaView(cache)} />;
}
