import { cookies } from 'next/headers';
import { OverviewView } from '@/components/overview/overview-view';

import { overviewOf } from '@/server/overview';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  return <OverviewView context={context} initial={overviewOf(cache)} />;
}
