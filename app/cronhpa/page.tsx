import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { CronHpaView } from '@/components/cronhpa/cronhpa-view';
import { cronHpasFor } from '@/server/cronhpa';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'CronHPA' };

export default async function CronHpaPage() {
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  return <CronHpaView context={context} initial={await cronHpasFor(cache)} />;
}
