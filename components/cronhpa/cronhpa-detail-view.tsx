'use client';

import Link from 'next/link';
import { ChevronLeft } from 'lucide-react';
import { useNow } from '../ui/relative-time';
import { PageHeader } from '../ui/page-header';
import { CronHpaCard } from './cronhpa-card';
import { useCronHpa, type CronHpaPage } from './use-cronhpas';

/** `/cronhpa/[namespace]/[name]`: one CronHPA, where its findings link. */
export function CronHpaDetailView({ context, initial }: { context: string; initial: CronHpaPage }) {
  const { data, error } = useCronHpa(context, { namespace: initial.namespace, name: initial.name }, initial);
  const c = data ?? initial;
  const now = useNow(60_000);
  return (
    <>
      <Link href="/cronhpa" className="mb-3 inline-flex items-center gap-1 text-xs text-muted hover:text-fg">
        <ChevronLeft aria-hidden className="size-3.5" />CronHPA
      </Link>
      <PageHeader title={<span className="font-mono">{c.name}</span>} description={<>CronHorizontalPodAutoscaler in namespace <span className="font-mono text-fg">{c.namespace}</span> · schedules on the controller&apos;s clock, {c.timeZone}</>} />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      <CronHpaCard context={context} c={c} now={now} linkTitle={false} />
    </>
  );
}
