'use client';

import { OctagonAlert } from 'lucide-react';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Card>
      <EmptyState
        icon={<OctagonAlert className="size-8 text-crit" />}
        title="This page could not be shown"
        action={<button type="button" onClick={reset} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Try again</button>}
      >
        <p>{error.message || 'An unexpected error occurred.'}</p>
        {error.digest ? <p className="mt-1 font-mono text-xs text-faint">digest {error.digest}</p> : null}
      </EmptyState>
    </Card>
  );
}
