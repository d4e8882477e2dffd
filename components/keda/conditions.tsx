import type { KedaConditionDto } from '@/lib/dto/keda';
import { Badge, type Tone } from '../ui/badge';
import { RichText } from '../ui/rich-text';

/** How each of KEDA's conditions reads: Ready=False is trouble, Active=False is often normal, Fallback/Paused=True deserve a look. */
export function conditionTone(c: KedaConditionDto): Tone {
  if (c.status === 'absent' || c.status === 'Unknown') return 'neutral';
  switch (c.type) {
    case 'Ready': return c.status === 'True' ? 'ok' : 'crit';
    case 'Active': return c.status === 'True' ? 'accent' : 'neutral';
    case 'Fallback': return c.status === 'True' ? 'warn' : 'neutral';
    case 'Paused': return c.status === 'True' ? 'info' : 'neutral';
  }
}

/** The four conditions as compact badges (reason and message on hover and for screen readers). */
export function ConditionBadges({ conditions, hideQuiet = false }: { conditions: KedaConditionDto[]; hideQuiet?: boolean }) {
  const shown = hideQuiet ? conditions.filter((c) => !((c.type === 'Fallback' || c.type === 'Paused') && c.status !== 'True')) : conditions;
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((c) => {
        const detail = [c.reason, c.message].filter(Boolean).join(': ');
        return (
          <Badge key={c.type} tone={conditionTone(c)} title={detail || undefined}>
            <span data-condition={c.type} data-status={c.status}>{c.type}{c.status === 'True' ? '' : c.status === 'False' ? ' ✕' : ' ?'}</span>
            <span className="sr-only">{` ${c.status}${detail ? ` (${detail})` : ''}`}</span>
          </Badge>
        );
      })}
    </span>
  );
}

/** The conditions in full: status, reason and message, as KEDA wrote them. */
export function ConditionList({ conditions }: { conditions: KedaConditionDto[] }) {
  return (
    <dl className="divide-y divide-line text-sm">
      {conditions.map((c) => (
        <div key={c.type} className="grid grid-cols-[7rem_1fr] gap-3 px-4 py-2.5" data-condition-row={c.type}>
          <dt className="flex items-start"><Badge tone={conditionTone(c)}>{c.type} {c.status === 'absent' ? '—' : c.status}</Badge></dt>
          <dd className="min-w-0">
            {c.status === 'absent' ? <span className="text-faint">not written by KEDA</span> : (
              <>
                {c.reason ? <span className="font-mono text-xs text-fg">{c.reason}</span> : null}
                {c.message ? <p className="text-muted"><RichText text={c.message} /></p> : null}
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The condition that needs a look (Ready not True, Fallback or Paused True), with KEDA's reason and message. */
export function ConditionNote({ conditions }: { conditions: KedaConditionDto[] }) {
  const c = conditions.find((x) => x.type === 'Ready' && x.status === 'False')
    ?? conditions.find((x) => x.type === 'Fallback' && x.status === 'True')
    ?? conditions.find((x) => x.type === 'Ready' && x.status === 'Unknown' && x.reason);
  if (!c || (!c.reason && !c.message)) return null;
  return (
    <p className={`mt-1 line-clamp-3 break-words text-xs ${c.type === 'Ready' ? 'text-crit' : 'text-warn'}`} title={c.message} data-condition-note={c.type}>
      {c.reason ? <span className="font-mono">{c.reason}</span> : null}{c.reason && c.message ? ': ' : null}{c.message ? <span className="text-muted">{c.message}</span> : null}
    </p>
  );
}
