import Link from 'next/link';
import { Wrench } from 'lucide-react';
import { useId } from 'react';
import { subjectHref } from '@/lib/dto/finding-links';
import type { ActionDto, FindingDto } from '@/lib/dto/findings';
import { actionTarget, planHref } from '../migrations/links';
import { RelativeTime } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';
import { SeverityBadge } from './severity-badge';

/** One finding, written for someone who never heard of the rule: what, why, and what to do. */
export function FindingCard({ f }: { f: FindingDto }) {
  const filedUnder = f.subjects[0];
  return (
    <article className="px-4 py-4" data-finding={f.rule}>
      <header className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={f.severity} />
        <h3 className="text-sm font-semibold">{f.title}</h3>
        <span className="font-mono text-xs text-faint">{f.rule}</span>
        {f.since ? <span className="ml-auto text-xs text-muted">since <RelativeTime iso={f.since} /></span> : null}
      </header>
      <p className="mt-2 text-sm font-medium"><RichText text={f.message} /></p>
      <p className="mt-2 max-w-4xl text-sm leading-relaxed text-muted"><RichText text={f.explanation} /></p>
      <p className="mt-2 max-w-4xl text-sm leading-relaxed">
        <span className="font-medium">What to do: </span>
        <RichText text={f.remedy} />
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-xs">
        <span className="text-muted">Involves</span>
        {f.subjects.map((s) => {
          const href = subjectHref(s, filedUnder);
          const label = `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
          return href ? <Link key={label} href={href} className="font-mono text-accent hover:underline">{label}</Link> : <span key={label} className="font-mono">{label}</span>;
        })}
      </div>
      {f.actions.length ? (
        <ul className="mt-3 flex flex-wrap gap-2 text-xs" aria-label="Guarded actions">
          {f.actions.map((a) => <li key={a.id}><ActionButton a={a} f={f} /></li>)}
        </ul>
      ) : null}
    </article>
  );
}

/**
 * A guarded action: a link to its wizard, planned for the object the action acts on. When the
 * caller may not, a button marked disabled (still focusable) that says why as its description.
 */
function ActionButton({ a, f }: { a: ActionDto; f: FindingDto }) {
  const reasonId = useId();
  const target = actionTarget(a.id, f.subjects);
  const cls = 'inline-flex items-center gap-1.5 rounded-md border px-2 py-1';
  if (a.allowed && target) {
    return (
      <Link href={planHref(a.id, target)} className={`${cls} border-accent/40 font-medium text-accent hover:bg-accent-soft`} data-action={a.id}>
        <Wrench aria-hidden className="size-3" />
        {a.label}
      </Link>
    );
  }
  const reason = a.reason ?? 'No object to act on.';
  return (
    <>
      <button type="button" aria-disabled="true" aria-describedby={reasonId} title={reason} className={`${cls} cursor-not-allowed border-line text-faint`} data-action={a.id}>
        <Wrench aria-hidden className="size-3" />
        {a.label}
      </button>
      <span id={reasonId} className="ml-2 text-faint">{reason}</span>
    </>
  );
}
