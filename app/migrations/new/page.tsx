import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { PlanWizard } from '@/components/migrations/plan-wizard';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ACTION_IDS, ACTION_LABELS, type ActionId } from '@/lib/actions';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string {
  return typeof v === 'string' ? v.trim() : '';
}

export async function generateMetadata({ searchParams }: { searchParams: Promise<Search> }): Promise<Metadata> {
  const type = one((await searchParams).type);
  return { title: (ACTION_LABELS as Record<string, string>)[type] ?? 'Plan a migration' };
}

export default async function NewMigrationPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const { context } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  const type = one(sp.type);
  const target = { namespace: one(sp.namespace), kind: one(sp.kind), name: one(sp.name) };
  const known = (ACTION_IDS as readonly string[]).includes(type);
  if (!known || !target.namespace || !target.kind || !target.name) {
    return (
      <Card>
        <EmptyState title="Nothing to plan" action={<Link href="/migrations" className="text-sm text-accent hover:underline">Choose from the migrations</Link>}>
          {!known
            ? <>{type ? <>There is no migration or action <span className="font-mono">{type}</span>. </> : 'No migration was chosen. '}Known ones: <span className="font-mono">{ACTION_IDS.join(', ')}</span>.</>
            : 'A plan needs the namespace, kind and name of the object to act on.'}
        </EmptyState>
      </Card>
    );
  }
  // Keyed by the request so a new target in the URL starts a fresh wizard.
  return <PlanWizard key={`${type}/${target.namespace}/${target.kind}/${target.name}`} context={context} request={{ type: type as ActionId, target }} />;
}
