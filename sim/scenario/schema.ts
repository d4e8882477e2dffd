/**
 * The simulation documents of a scenario (`apiVersion: sim.scaleguard.dev/v1alpha1`), validated
 * with zod. `Scenario.spec` holds cluster-wide settings; later kinds (load curves, metric values,
 * controller settings) extend this file with their own schemas.
 */
import { z } from 'zod';

import { SIM_API_VERSION } from './schema-base';
import { CanaryAnalysisDoc } from './docs/canary-analysis';
import { ChangeDoc } from './docs/change';
import { LoadDoc } from './docs/load';
import { MetricValueDoc } from './docs/metric-value';
import { ResizeBehaviorDoc } from './docs/resize-behavior';

export { SIM_API_VERSION };

export const COMPONENTS = ['keda', 'flagger', 'vpa', 'cronhpa'] as const;
export type InstallableComponent = (typeof COMPONENTS)[number];

const metadata = z.object({ name: z.string().min(1) }).loose();

export const ScenarioDoc = z.object({
  apiVersion: z.literal(SIM_API_VERSION),
  kind: z.literal('Scenario'),
  metadata: metadata.optional(),
  spec: z.object({
    /** `/version` gitVersion, e.g. v1.33.4. */
    serverVersion: z.string().regex(/^v\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'must look like v1.33.4').optional(),
    /** Add-ons whose CRDs (`sim/crds/<component>.yaml`) are installed before the objects. */
    install: z.array(z.enum(COMPONENTS)).optional(),
    /** Settings of the fake controllers, keyed by controller name (defined by the controllers). */
    controllers: z.record(z.string(), z.unknown()).optional(),
  }).strict().default({}),
}).strict();
export type ScenarioDoc = z.infer<typeof ScenarioDoc>;

export const UserDoc = z.object({
  apiVersion: z.literal(SIM_API_VERSION),
  kind: z.literal('User'),
  metadata: metadata,
  spec: z.object({
    token: z.string().min(8, 'tokens must have at least 8 characters'),
    groups: z.array(z.string().min(1)).default([]),
    /** A kubeconfig context to generate for this user (e.g. scaleguard-sim-viewer). */
    context: z.string().min(1).optional(),
  }).strict(),
}).strict();
export type UserDoc = z.infer<typeof UserDoc>;

/** The kinds of simulation documents understood so far. */
export const SIM_KINDS = {
  Scenario: ScenarioDoc,
  User: UserDoc,
  Load: LoadDoc,
  MetricValue: MetricValueDoc,
  ResizeBehavior: ResizeBehaviorDoc,
  CanaryAnalysis: CanaryAnalysisDoc,
  Change: ChangeDoc,
} as const;

/** Simulation documents that drive the fake controllers (everything but Scenario and User). */
export type BehaviourDoc = LoadDoc | MetricValueDoc | ResizeBehaviorDoc | CanaryAnalysisDoc | ChangeDoc;
