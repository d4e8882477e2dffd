import Link from 'next/link';
import type { PlanTarget } from '@/lib/plans/types';
import { isWorkloadKind } from '@/lib/k8s/workload';
import { workloadHref } from '@/lib/links';

/** The anchor of a Canary's row on /canaries. */
export function canaryAnchor(t: { namespace: string; name: string }): string {
  return `canary-${t.namespace}-${t.name}`;
}

/** `Deployment shop/catalog`, linked to the workload's page (a Canary to its row on /canaries). */
export function TargetLink({ target, className = '' }: { target: PlanTarget; className?: string }) {
  const label = `${target.kind} ${target.namespace}/${target.name}`;
  const href = isWorkloadKind(target.kind) ? workloadHref(target) : target.kind === 'Canary' ? `/canaries#${canaryAnchor(target)}` : undefined;
  return href ? (
    <Link href={href} className={`font-mono text-accent hover:underline ${className}`}>{label}</Link>
  ) : (
    <span className={`font-mono text-fg ${className}`}>{label}</span>
  );
}
