import { ChevronRight } from 'lucide-react';
import type { ObjectDiffDto } from '@/lib/dto/migrations';
import { Badge, type Tone } from '../ui/badge';
import { parseUnifiedDiff, type DiffLine } from './unified-diff';

const CHANGE: Record<ObjectDiffDto['change'], { label: string; tone: Tone }> = {
  create: { label: 'create', tone: 'ok' },
  update: { label: 'update', tone: 'info' },
  delete: { label: 'delete', tone: 'crit' },
};

const ROW: Record<DiffLine['type'], string> = {
  add: 'bg-ok-soft',
  del: 'bg-crit-soft',
  ctx: '',
  hunk: 'bg-surface-2',
  note: 'italic',
};

const SIGN: Record<DiffLine['type'], { char: string; cls: string; sr?: string }> = {
  add: { char: '+', cls: 'text-ok', sr: 'added' },
  del: { char: '−', cls: 'text-crit', sr: 'removed' },
  ctx: { char: ' ', cls: '' },
  hunk: { char: ' ', cls: '' },
  note: { char: ' ', cls: '' },
};

/** One object's change as a unified diff: added lines green, removed red, collapsible. */
export function ObjectDiff({ d, defaultOpen = true }: { d: ObjectDiffDto; defaultOpen?: boolean }) {
  const parsed = parseUnifiedDiff(d.unified);
  const c = CHANGE[d.change];
  const label = `${d.ref.kind} ${d.ref.namespace ? `${d.ref.namespace}/` : ''}${d.ref.name}`;
  return (
    <details open={defaultOpen} className="group rounded-md border border-line bg-surface" data-diff={`${d.ref.kind}/${d.ref.name}`}>
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-2 text-xs hover:bg-surface-2 [&::-webkit-details-marker]:hidden">
        <ChevronRight aria-hidden className="size-3.5 shrink-0 text-muted transition-transform group-open:rotate-90" />
        <Badge tone={c.tone}>{c.label}</Badge>
        <span className="min-w-0 truncate font-mono text-fg">{label}</span>
        <span className="tabular ml-auto shrink-0 font-mono">
          <span className="text-ok">+{parsed.added}</span> <span className="text-crit">−{parsed.removed}</span>
          <span className="sr-only"> lines</span>
        </span>
      </summary>
      {parsed.lines.length ? (
        <div className="overflow-x-auto border-t border-line">
          <table className="w-full border-collapse font-mono text-xs leading-5">
            <caption className="sr-only">Changes to {label}</caption>
            <tbody>
              {parsed.lines.map((l, i) => {
                const s = SIGN[l.type];
                return (
                  <tr key={i} className={ROW[l.type]} data-line={l.type}>
                    <td className="w-10 select-none border-r border-line px-2 text-right align-top text-faint">{l.oldNo ?? ''}</td>
                    <td className="w-10 select-none border-r border-line px-2 text-right align-top text-faint">{l.newNo ?? ''}</td>
                    <td className={`w-5 select-none text-center align-top ${s.cls}`}>
                      <span aria-hidden>{s.char}</span>
                      {s.sr ? <span className="sr-only">{s.sr}</span> : null}
                    </td>
                    <td className={`whitespace-pre pr-4 ${l.type === 'hunk' || l.type === 'note' ? 'text-faint' : 'text-fg'}`}>{l.text || ' '}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="border-t border-line px-3 py-2 text-xs text-muted">No change to the object’s YAML.</p>
      )}
    </details>
  );
}

export function ObjectDiffs({ diffs, defaultOpen = true }: { diffs: ObjectDiffDto[]; defaultOpen?: boolean }) {
  if (!diffs.length) return null;
  return (
    <div className="space-y-2">
      {diffs.map((d) => <ObjectDiff key={`${d.ref.kind}/${d.ref.namespace}/${d.ref.name}`} d={d} defaultOpen={defaultOpen} />)}
    </div>
  );
}
