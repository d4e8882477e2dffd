import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { MigrationsView } from '@/components/migrations/migrations-view';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Migrations' };

export default async function MigrationsPage() {
  const { context } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  return <MigrationsView context={context} />;
}
