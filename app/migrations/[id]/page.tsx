import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { MigrationRun } from '@/components/migrations/migration-run';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Migration ${decodeURIComponent((await params).id)}` };
}

export default async function MigrationPage({ params }: { params: Promise<Params> }) {
  const id = decodeURIComponent((await params).id);
  const { context } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  return <MigrationRun key={id} context={context} id={id} />;
}
