/**
 * Example answers of the write API (lib/dto/migrations.ts), shaped like the demo's canary
 * `delivery/podinfo` and plain `shop/catalog`. For tests and for e2e route mocks of states the
 * demo cannot show on demand (loading, errors, a plan that needs input); never imported by pages.
 */
import { createTwoFilesPatch } from 'diff';
import type { MigrationDto, MigrationStepDto, MigrationsDto, PlanDto, PlanStepDto } from '@/lib/dto/migrations';

const T0 = '2026-11-22T10:00:00.000Z';

function diffOf(name: string, before: string | null, after: string | null): string {
  return createTwoFilesPatch(name, name, before ?? '', after ?? '');
}

const SO_AFTER = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: podinfo
  namespace: delivery
  annotations:
    scaledobject.keda.sh/transfer-hpa-ownership: "true"
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  minReplicaCount: 2
  maxReplicaCount: 6
  advanced:
    horizontalPodAutoscalerConfig:
      name: podinfo
  triggers:
    - type: cpu
      metricType: Utilization
      metadata:
        value: "80"
`;

const CANARY_BEFORE = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
  namespace: delivery
spec:
  provider: kubernetes
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  autoscalerRef:
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    name: podinfo
  progressDeadlineSeconds: 600
`;
const CANARY_AFTER = CANARY_BEFORE.replace('apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler', 'apiVersion: keda.sh/v1alpha1\n    kind: ScaledObject');

const ref = (kind: string, name: string, apiVersion: string) => ({ apiVersion, kind, namespace: 'delivery', name });
const SO = ref('ScaledObject', 'podinfo', 'keda.sh/v1alpha1');
const HPA = ref('HorizontalPodAutoscaler', 'podinfo', 'autoscaling/v2');
const HPA_PRIMARY = ref('HorizontalPodAutoscaler', 'podinfo-primary', 'autoscaling/v2');
const CANARY = ref('Canary', 'podinfo', 'flagger.app/v1beta1');

const STEPS: PlanStepDto[] = [
  {
    index: 0,
    id: 'create-scaledobject',
    title: 'Create ScaledObject podinfo to adopt HPA podinfo',
    description: 'KEDA takes the existing HPA over in place (transfer-hpa-ownership), so the canary Deployment keeps one autoscaler throughout.',
    operations: [{ kind: 'create', ref: SO, summary: 'create ScaledObject delivery/podinfo' }],
    diff: [{ ref: SO, change: 'create', before: null, after: SO_AFTER, unified: diffOf('ScaledObject delivery/podinfo', null, SO_AFTER) }],
    dryRun: { ok: true, messages: [] },
    postConditions: ['HPA `podinfo` is owned by ScaledObject `podinfo`', 'ScaledObject `podinfo` is Ready'],
    timeoutSeconds: 120,
  },
  {
    index: 1,
    id: 'patch-canary',
    title: 'Point Canary podinfo at the ScaledObject',
    description: 'Flagger then creates `podinfo-primary` from the ScaledObject, with its annotations, and it adopts HPA `podinfo-primary`.',
    operations: [{ kind: 'patch', ref: CANARY, summary: 'patch Canary delivery/podinfo spec.autoscalerRef' }],
    diff: [{ ref: CANARY, change: 'update', before: CANARY_BEFORE, after: CANARY_AFTER, unified: diffOf('Canary delivery/podinfo', CANARY_BEFORE, CANARY_AFTER) }],
    dryRun: { ok: true, messages: [] },
    postConditions: ['ScaledObject `podinfo-primary` is Ready', 'HPA `podinfo-primary` is owned by ScaledObject `podinfo-primary`', 'ScaledObject `podinfo-primary` has no paused annotation'],
    timeoutSeconds: 300,
  },
  {
    index: 2,
    id: 'verify',
    title: 'Verify that nothing fights',
    description: 'No finding remains on `podinfo` or `podinfo-primary`.',
    operations: [],
    diff: [],
    dryRun: { ok: true, messages: [] },
    postConditions: ['no findings on Deployment `podinfo` and Deployment `podinfo-primary`'],
    timeoutSeconds: 120,
  },
];

export const examplePlan: PlanDto = {
  id: 'plan-7f3a',
  type: 'canary-hpa-to-scaledobject',
  target: { namespace: 'delivery', kind: 'Canary', name: 'podinfo' },
  summary: 'Move Canary `podinfo` from HPA `podinfo` to a KEDA ScaledObject, primary included.',
  preflight: [
    { check: 'keda-installed', ok: true, detail: 'KEDA CRDs are served (keda.sh/v1alpha1).', blocking: true },
    { check: 'keda-operator-ready', ok: true, detail: 'Deployment `keda/keda-operator` 1/1 ready (2.16.1).', blocking: true },
    { check: 'webhook-registered', ok: true, detail: 'ValidatingWebhookConfiguration `keda-admission` registers `vscaledobject.kb.io`.', blocking: true },
    { check: 'canary-idle', ok: true, detail: 'Canary `podinfo` is `Initialized`.', blocking: true },
    { check: 'hpas-exist', ok: true, detail: 'HPA `podinfo` and HPA `podinfo-primary` exist.', blocking: true },
    { check: 'metrics-convertible', ok: true, detail: 'cpu Utilization 80% → KEDA `cpu` trigger.', blocking: true },
    { check: 'flagger-copies-annotations', ok: true, detail: 'Flagger `1.44.0` copies annotations to the primary ScaledObject (flagger PR #1677).', blocking: false },
  ],
  steps: STEPS,
  access: { allowed: true },
  blocked: false,
  createdAt: T0,
  expiresAt: '2026-11-22T10:15:00.000Z',
};

/** The same plan for a caller who may not write (the demo's `scaleguard-sim-viewer`). */
export const exampleForbiddenPlan: PlanDto = {
  ...examplePlan,
  access: { allowed: false, reason: 'Your user may not create scaledobjects.keda.sh in namespace delivery, patch canaries.flagger.app in namespace delivery.' },
};

/** A plain HPA whose second metric (External) has no automatic KEDA trigger: the plan asks for one. */
export const exampleNeedsInputPlan: PlanDto = {
  ...examplePlan,
  id: 'plan-91c2',
  type: 'hpa-to-scaledobject',
  target: { namespace: 'streaming', kind: 'Deployment', name: 'ingest' },
  summary: 'Move Deployment `ingest` from HPA `ingest` to a KEDA ScaledObject.',
  preflight: [
    { check: 'keda-installed', ok: true, detail: 'KEDA CRDs are served (keda.sh/v1alpha1).', blocking: true },
    {
      check: 'metrics-convertible',
      ok: false,
      blocking: true,
      detail: 'metric 1 of HPA `ingest` (External `kafka_consumergroup_lag`, AverageValue 100) has no automatic KEDA trigger.',
      remedy: 'Give the KEDA trigger to use for it (e.g. `kafka` or `prometheus` with its query), and plan again.',
    },
    { check: 'container-requests', ok: false, blocking: false, detail: 'container `sidecar` has no cpu request.', remedy: 'KEDA cpu triggers need a request on every container; set one.' },
  ],
  steps: [{ ...STEPS[0]!, dryRun: { ok: false, messages: ["admission webhook \"vscaledobject.kb.io\" denied the request: the workload 'ingest' of type 'apps/v1.Deployment' is already managed by the hpa 'ingest'"] } }],
  blocked: true,
};

function runStep(s: PlanStepDto, state: MigrationStepDto['state'], extra: Partial<MigrationStepDto> = {}): MigrationStepDto {
  return { ...s, state, checks: s.postConditions.map((description) => ({ description, met: state === 'done' })), ...extra };
}

export const exampleMigrationWaiting: MigrationDto = {
  id: 'mig-podinfo-1',
  type: 'canary-hpa-to-scaledobject',
  target: examplePlan.target,
  summary: examplePlan.summary,
  status: 'in-progress',
  step: 1,
  steps: [
    runStep(STEPS[0]!, 'done', { startedAt: '2026-11-22T10:01:00.000Z', finishedAt: '2026-11-22T10:01:20.000Z' }),
    runStep(STEPS[1]!, 'waiting', {
      startedAt: '2026-11-22T10:02:00.000Z',
      message: 'Waiting for ScaledObject `podinfo-primary` to be Ready.',
      checks: [
        { description: STEPS[1]!.postConditions[0]!, met: true },
        { description: STEPS[1]!.postConditions[1]!, met: false },
        { description: STEPS[1]!.postConditions[2]!, met: true },
      ],
    }),
    runStep(STEPS[2]!, 'pending'),
  ],
  preflight: examplePlan.preflight,
  record: 'delivery/scaleguard-migration-mig-podinfo-1',
  backups: [HPA, HPA_PRIMARY, CANARY],
  log: [
    { at: '2026-11-22T10:00:30.000Z', level: 'info', message: 'Migration started by admin from plan plan-7f3a.' },
    { at: '2026-11-22T10:01:00.000Z', level: 'info', message: 'Step 1: backed up HPA `podinfo`, HPA `podinfo-primary`, Canary `podinfo`.' },
    { at: '2026-11-22T10:01:20.000Z', level: 'info', message: 'Step 1 done: HPA `podinfo` is owned by ScaledObject `podinfo`.' },
    { at: '2026-11-22T10:02:00.000Z', level: 'info', message: 'Step 2: patched Canary `podinfo`.' },
  ],
  createdAt: '2026-11-22T10:00:30.000Z',
  createdBy: 'admin',
  updatedAt: '2026-11-22T10:02:00.000Z',
  access: { allowed: true },
};

export const exampleMigrationDone: MigrationDto = {
  ...exampleMigrationWaiting,
  status: 'done',
  step: 3,
  steps: STEPS.map((s, i) => runStep(s, 'done', { startedAt: `2026-11-22T10:0${i + 1}:00.000Z`, finishedAt: `2026-11-22T10:0${i + 1}:30.000Z` })),
};

export const exampleMigrations: MigrationsDto = {
  generatedAt: T0,
  items: [
    {
      type: 'canary-hpa-to-scaledobject', target: examplePlan.target, workload: ref('Deployment', 'podinfo', 'apps/v1'), hpas: ['podinfo', 'podinfo-primary'],
      status: 'in-progress', detail: 'Step 2 of 3: waiting for ScaledObject `podinfo-primary` to be Ready.', migrationId: 'mig-podinfo-1', progress: { step: 1, of: 3 },
    },
    {
      type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'catalog' }, workload: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'catalog' }, hpas: ['catalog'],
      status: 'ready', detail: 'Every preflight check passes.',
    },
    {
      type: 'hpa-to-scaledobject', target: { namespace: 'streaming', kind: 'Deployment', name: 'ingest' }, workload: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'streaming', name: 'ingest' }, hpas: ['ingest'],
      status: 'blocked', detail: 'metric 1 (External `kafka_consumergroup_lag`) needs a KEDA trigger.',
    },
    {
      type: 'canary-hpa-to-scaledobject', target: { namespace: 'delivery', kind: 'Canary', name: 'storefront' }, workload: ref('Deployment', 'storefront', 'apps/v1'), hpas: ['storefront-primary'],
      status: 'failed', detail: 'Step 1 timed out waiting for HPA `storefront-primary` to be owned by ScaledObject `storefront-primary`.', migrationId: 'mig-storefront-1', progress: { step: 0, of: 3 },
    },
    {
      type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'inventory' }, workload: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'inventory' }, hpas: ['inventory'],
      status: 'done', detail: 'HPA `inventory` is owned by ScaledObject `inventory`.', migrationId: 'mig-inventory-1',
    },
    {
      type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'StatefulSet', name: 'sessions' }, workload: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'shop', name: 'sessions' }, hpas: ['sessions'],
      status: 'rolled-back', detail: 'Rolled back by admin: HPA `sessions` restored.', migrationId: 'mig-sessions-1',
    },
    {
      type: 'hpa-to-scaledobject', target: { namespace: 'ml', kind: 'Deployment', name: 'embeddings' }, workload: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ml', name: 'embeddings' }, hpas: ['embeddings'],
      status: 'not-started', detail: 'Not planned yet.',
    },
  ],
};
