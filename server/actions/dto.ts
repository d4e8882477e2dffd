import 'server-only';
/** Migration records as the API shows them (`MigrationDto`, design §7). */
import type { AccessDto, MigrationDto, MigrationRowDto, MigrationStatus } from '@/lib/dto/migrations';
import type { Snapshot } from '@/lib/snapshot';
import { migrationCandidates, type RecordedRow } from '@/lib/plans/candidates';
import { describeOperation } from '@/lib/plans/preview';
import type { PlanFacts } from '@/lib/plans/types';
import { recordName, type MigrationRecord } from '@/lib/plans/record';

/** The status shown: a rollback under way is progress, whatever the record's last status was. */
export function shownStatus(rec: MigrationRecord): MigrationStatus {
  if (rec.rollback?.state === 'running') return 'in-progress';
  return rec.status;
}

export function migrationDto(rec: MigrationRecord, access: AccessDto): MigrationDto {
  return {
    id: rec.id,
    type: rec.type,
    target: rec.target,
    summary: rec.summary,
    status: shownStatus(rec),
    step: rec.step,
    steps: rec.plan.steps.map((s, i) => {
      const r = rec.steps[i]!;
      return {
        index: i,
        id: s.id,
        title: s.title,
        description: s.description,
        operations: s.operations.map(describeOperation),
        diff: r.diff,
        dryRun: r.dryRun,
        postConditions: s.postConditions.map((p) => p.description),
        timeoutSeconds: s.timeoutSeconds,
        ...(s.confirm ? { confirm: s.confirm } : {}),
        state: r.state,
        ...(r.message ? { message: r.message } : {}),
        ...(r.startedAt ? { startedAt: r.startedAt } : {}),
        ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
        checks: r.checks,
      };
    }),
    preflight: rec.plan.preflight,
    record: `${rec.target.namespace}/${recordName(rec.id)}`,
    backups: rec.backups.map((b) => b.ref),
    log: rec.log,
    createdAt: rec.createdAt,
    createdBy: rec.createdBy,
    updatedAt: rec.updatedAt,
    access,
  };
}

/** One row of `GET /api/v1/migrations` for a record. */
export function migrationRow(rec: MigrationRecord): MigrationRowDto {
  const status = shownStatus(rec);
  const n = rec.plan.steps.length;
  const workload = rec.plan.touches.find((r) => r.kind === 'Deployment' || r.kind === 'StatefulSet')
    ?? { apiVersion: 'apps/v1', kind: rec.target.kind, namespace: rec.target.namespace, name: rec.target.name };
  const current = rec.steps.find((s) => s.state === 'running' || s.state === 'waiting' || s.state === 'blocked' || s.state === 'failed');
  const title = (id: string | undefined) => rec.plan.steps.find((s) => s.id === id)?.title ?? '';
  const detail =
    rec.rollback?.state === 'running' ? 'Rolling back.'
    : rec.rollback?.state === 'failed' ? `Rollback failed: ${rec.rollback.message ?? ''}`
    : status === 'done' ? `Done: all ${n} steps ran and their checks held.`
    : status === 'rolled-back' ? 'Rolled back: every step that ran was undone and its objects restored from the backups.'
    : current ? `Step ${rec.steps.indexOf(current) + 1} of ${n} "${title(current.id)}": ${current.message ?? current.state}`
    : `Step ${rec.step + 1} of ${n} next: "${title(rec.plan.steps[rec.step]?.id)}".`;
  return {
    type: rec.type,
    target: rec.target,
    workload,
    hpas: rec.plan.touches.filter((r) => r.kind === 'HorizontalPodAutoscaler').map((r) => r.name),
    status,
    detail,
    migrationId: rec.id,
    ...(status === 'in-progress' || status === 'blocked' || status === 'failed' || status === 'ready' ? { progress: { step: rec.step, of: n } } : {}),
  };
}

/**
 * Rows of `GET /api/v1/migrations`: every candidate workload and canary with its status, and every
 * recorded migration (see lib/plans/candidates.ts).
 */
export function migrationRows(s: Snapshot, records: readonly MigrationRecord[], facts: PlanFacts): MigrationRowDto[] {
  const recorded: RecordedRow[] = records.map((rec) => ({ row: { ...migrationRow(rec), migrationId: rec.id }, updatedAt: rec.updatedAt }));
  return migrationCandidates(s, recorded, facts);
}
