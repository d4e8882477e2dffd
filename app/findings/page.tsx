import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { FindingsView } from '@/components/findings/findings-view';
import { FINDINGS_PAGE_SIZE, FindingsQuerySchema } from '@/lib/dto/findings';
import { RULES } from '@/lib/rules/index';
import { findingsFor } from '@/server/findings';
import { pageContext } from '@/server/page-context';
import { CONTEXT_COOKIE } from '@/server/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Findings' };

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { context, cache } = pageContext((await cookies()).get(CONTEXT_COOKIE)?.value);
  const raw = Object.fromEntries(Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const parsed = FindingsQuerySchema.safeParse(raw);
  const query = { ...(parsed.success ? parsed.data : {}), limit: FINDINGS_PAGE_SIZE };
  const initial = await findingsFor(cache, query);
  const namespaces = [...new Set(cache.snapshot().objects.namespaces.map((n) => n.metadata.name ?? ''))].filter(Boolean).sort();
  return <FindingsView context={context} initialQuery={query} initial={initial} namespaces={namespaces} rules={RULES.map((r) => ({ id: r.id, title: r.title }))} />;
}
