'use client';

import { useId, useState } from 'react';
import type { VpaDto } from '@/lib/dto/vpa';
import { ActionRunner } from '../keda/action-runner';
import { Callout } from '../ui/callout';
import { MODE_HELP } from './badges';

const MODES = ['InPlaceOrRecreate', 'Recreate', 'InPlace', 'Initial', 'Off'];

/** The mode to offer first: in place for a VPA that evicts, Recreate back from in place, else Off. */
function suggested(v: VpaDto): string {
  if (v.effectiveMode === 'Recreate') return 'InPlaceOrRecreate';
  if (v.effectiveMode === 'InPlaceOrRecreate' || v.effectiveMode === 'InPlace') return 'Recreate';
  return 'InPlaceOrRecreate';
}

/**
 * Action `vpa-update-mode` through the guard pipeline: choose a mode, then the plan (preflight:
 * the CRD accepts the mode, the server resizes in place, the containers' resizePolicy; YAML diff
 * and server dry-run), confirm, and follow the step until the VPA holds the new mode.
 */
export function UpdateModeAction({ context, v }: { context: string; v: VpaDto }) {
  const [mode, setMode] = useState(() => suggested(v));
  const selectId = useId();
  const access = v.action ? { id: 'vpa-update-mode', label: 'Change VPA update mode', ...v.action } : undefined;
  const inPlace = mode === 'InPlaceOrRecreate' || mode === 'InPlace';
  const restarts = v.history.filter((e) => e.outcome === 'in-place-with-restart').length;
  return (
    <ActionRunner
      context={context}
      request={{ type: 'vpa-update-mode', target: { namespace: v.namespace, kind: 'VerticalPodAutoscaler', name: v.name }, options: { updateMode: mode } }}
      access={access}
      title="Change the update mode"
      planLabel={`Plan: ${v.effectiveMode} → ${mode}…`}
      runLabel={`Set ${mode}`}
      tone={v.effectiveMode === 'Recreate' && inPlace ? 'primary' : 'secondary'}
    >
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={selectId} className="text-xs text-muted">New mode</label>
        <select id={selectId} value={mode} onChange={(e) => setMode(e.target.value)} className="h-8 rounded-md border border-line bg-surface px-2 text-sm text-fg" data-testid="update-mode-select">
          {MODES.map((m) => <option key={m} value={m}>{m}{m === v.effectiveMode ? ' (current)' : ''}</option>)}
        </select>
        <span className="text-xs">{MODE_HELP[mode]}</span>
      </div>
      {inPlace ? (
        <div className="mt-3 [&>div]:mb-0">
          <Callout tone="warn" title="In place does not mean without restarts">
            Kubernetes may restart a container to apply a resize even when its <span className="font-mono">resizePolicy</span> is <span className="font-mono">NotRequired</span> (the runtime decides), and resizing a resource whose policy is <span className="font-mono">RestartContainer</span> always restarts it.
            {mode === 'InPlaceOrRecreate' ? ' When the kubelet answers Infeasible or Error, or a resize stays Deferred for 5 minutes or InProgress for an hour, the updater evicts the pod instead.' : ' InPlace never evicts: a resize the node cannot fit waits.'}
            {restarts ? ` ${restarts} of this VPA’s recorded in-place resizes restarted a container.` : ''}
          </Callout>
        </div>
      ) : null}
      <p className="mt-2 text-xs">The patch changes only <span className="font-mono">spec.updatePolicy.updateMode</span>; the VPA updater acts on its next loop. The VPA is backed up first and the change can be rolled back from the migration page.</p>
    </ActionRunner>
  );
}
