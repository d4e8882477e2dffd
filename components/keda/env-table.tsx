import { ArrowRight, CheckCircle2, TriangleAlert } from 'lucide-react';
import type { EnvDto, EnvValueDto, RevisionRefDto } from '@/lib/dto/keda-env';
import { Badge } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';

function Value({ v, testId }: { v: EnvValueDto | undefined; testId: string }) {
  if (!v) return <span className="text-faint" data-testid={testId}>unknown</span>;
  return (
    <span className="block min-w-0" data-testid={testId}>
      <span className={`break-all ${v.kind === 'secret' || v.kind === 'unset' || v.kind === 'error' ? 'text-muted' : 'font-mono text-fg'}`}>
        {v.value !== undefined ? v.value : <RichText text={v.text} />}
      </span>
      {v.source && v.kind !== 'secret' ? <span className="block text-xs text-faint"><RichText text={v.source} /></span> : null}
    </span>
  );
}

function Rev({ r, label }: { r: RevisionRefDto | undefined; label: string }) {
  if (!r) return null;
  return <span className="block text-xs text-muted">{label} revision {r.revision} · <RelativeTime iso={r.at} /></span>;
}

/**
 * Per variable a `*FromEnv` parameter reads: what KEDA resolved when it last built the scalers,
 * next to the pod template now, and when each came about (seed 002, keda#5915).
 */
export function EnvTable({ env }: { env: EnvDto }) {
  const container = env.container ? <span className="font-mono text-fg">{env.container}</span> : 'the first container';
  return (
    <div>
      <div className="px-4 py-3 text-sm text-muted">
        <p>
          KEDA reads these from container {container} of the target’s pod template ({env.containerFrom === 'envSourceContainerName' ? <span className="font-mono">envSourceContainerName</span> : <span><span className="font-mono">containers[0]</span>: no <span className="font-mono">envSourceContainerName</span></span>}) — only when it builds the scalers.
          {env.builtAt ? <> It last did {env.builtAtLowerBound ? 'no earlier than' : 'at'} <RelativeTime iso={env.builtAt} /> ({new Date(env.builtAt).toLocaleString()}){env.revisionAtBuild ? <>, from template revision {env.revisionAtBuild.revision} (ReplicaSet <span className="font-mono">{env.revisionAtBuild.replicaSet}</span>)</> : null}.</> : null}
        </p>
        {env.builtBecause.length ? <p className="mt-1 text-xs">Why then: <RichText text={env.builtBecause.join('; ')} />.</p> : null}
        {env.unknown.length ? <p className="mt-1 text-xs text-warn">Not known: <RichText text={env.unknown.join('; ')} />.</p> : null}
        {env.note ? <p className="mt-1 text-xs text-warn">{env.note}</p> : null}
      </div>
      <div className="overflow-x-auto border-t border-line">
        <table className="w-full text-sm">
          <caption className="sr-only">Environment variables KEDA resolved at its last build and the pod template now</caption>
          <thead>
            <tr className="border-b border-line text-left text-xs text-muted">
              <th scope="col" className="px-4 py-2 font-medium">Variable</th>
              <th scope="col" className="px-4 py-2 font-medium">KEDA resolved (last build)</th>
              <th scope="col" className="w-6 px-0 py-2"><span className="sr-only">becomes</span></th>
              <th scope="col" className="px-4 py-2 font-medium">Pod template now</th>
              <th scope="col" className="px-4 py-2 font-medium">State</th>
            </tr>
          </thead>
          <tbody>
            {env.vars.map((v) => (
              <tr key={v.name} className={`border-b border-line align-top last:border-0 ${v.changed ? 'bg-warn-soft/60' : ''}`} data-env-var={v.name} data-changed={v.changed}>
                <td className="px-4 py-2.5">
                  <span className="font-mono text-fg">{v.name}</span>
                  {v.reads.map((r) => <span key={`${r.trigger}/${r.param}`} className="block text-xs text-muted"><span className="font-mono">{r.param}FromEnv</span> of <RichText text={r.trigger} /></span>)}
                </td>
                <td className="px-4 py-2.5"><Value v={v.keda} testId="env-keda" />{env.builtAt && v.keda ? <span className="block text-xs text-muted">read <RelativeTime iso={env.builtAt} /></span> : null}</td>
                <td className="px-0 py-2.5 text-faint"><ArrowRight aria-hidden className="mt-0.5 size-4" /></td>
                <td className="px-4 py-2.5">
                  <Value v={v.template} testId="env-template" />
                  {v.changed ? <Rev r={v.changedIn} label="changed in" /> : <Rev r={v.templateSince} label="since" />}
                </td>
                <td className="whitespace-nowrap px-4 py-2.5">
                  {env.state === 'unknown' ? <Badge>unknown</Badge> : v.changed ? (
                    <Badge tone="warn"><TriangleAlert aria-hidden className="size-3" />stale</Badge>
                  ) : <Badge tone="ok"><CheckCircle2 aria-hidden className="size-3" />in sync</Badge>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
