'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Check, Copy } from 'lucide-react';
import type { KedaCronDto } from '@/lib/dto/cronhpa';
import { scaledObjectHref } from '../keda/links';

/** The KEDA `cron` triggers that replace the CronHPA, as YAML to merge into the ScaledObject, with a copy button. */
export function KedaYaml({ k, cronName, timeZone }: { k: KedaCronDto; cronName: string; timeZone: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(k.yaml).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    });
  };
  return (
    <div data-testid="keda-cron-yaml">
      <p className="text-sm text-muted">
        Add to ScaledObject <Link href={scaledObjectHref({ namespace: k.namespace, name: k.scaledObject })} className="font-mono text-accent hover:underline">{k.namespace}/{k.scaledObject}</Link> (keep its other triggers: KEDA scales to the highest of them), then delete CronHPA <span className="font-mono text-fg">{cronName}</span>.
        {k.windows.length ? ` Each window runs from a scale-up job to the next job back at ${k.floor}; outside the windows minReplicaCount holds.` : ''}
      </p>
      {k.windows.length ? (
        <div className="relative mt-3">
          <pre className="overflow-x-auto rounded-md border border-line bg-surface-2 p-3 font-mono text-xs leading-5 text-fg">{k.yaml}</pre>
          <button type="button" onClick={copy} className="absolute right-2 top-2 inline-flex items-center gap-1 rounded border border-line bg-surface px-2 py-0.5 text-xs text-muted hover:text-fg">
            {copied ? <Check aria-hidden className="size-3" /> : <Copy aria-hidden className="size-3" />}
            {copied ? 'Copied' : 'Copy'}
          </button>
          <ul className="mt-2 space-y-0.5 text-xs text-muted">
            {k.windows.map((w) => (
              <li key={w.job}>window <span className="font-mono text-fg">{w.job}</span>: {w.desiredReplicas} replicas from <code className="font-mono">{w.start}</code> until <code className="font-mono">{w.end}</code> (job <span className="font-mono">{w.closedBy}</span>), in {timeZone}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="mt-2 text-sm text-muted">{k.only !== undefined ? `Every job sets ${k.only}: there is no window to copy. If ${k.only} should always hold, make it the ScaledObject's minReplicaCount.` : 'No scale-up job is followed by one back at the lowest size: write the windows by hand.'}</p>
      )}
      {k.left.length ? <p className="mt-2 text-xs text-warn">No cron trigger expresses {k.left.map((j) => `${j.name} (${j.schedule})`).join(', ')}: write those windows by hand (start and end in five-field cron, minute first).</p> : null}
    </div>
  );
}
