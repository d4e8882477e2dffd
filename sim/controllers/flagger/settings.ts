/**
 * Settings of the simulated Flagger, from `Scenario.spec.controllers.flagger`:
 *
 * ```yaml
 * controllers:
 *   flagger:
 *     release: "1.37.0"          # which Flagger release to behave as (1.38.0+ has flagger#1677)
 *     meshProvider: kubernetes   # the -mesh-provider flag; a Canary's spec.provider wins
 *     selectorLabels: [app, name, app.kubernetes.io/name]
 *     includeLabelPrefix: []     # the -include-label-prefix flag, split on commas
 * ```
 */
import { z } from 'zod';
import { DEFAULT_FLAGGER_RELEASE, DEFAULT_SELECTOR_LABELS, parseRelease } from '@/lib/flagger';

export const FlaggerSettings = z.object({
  release: z.string().refine((r) => parseRelease(r) !== undefined, 'must be a release like 1.38.0').default(DEFAULT_FLAGGER_RELEASE),
  meshProvider: z.string().min(1).default('kubernetes'),
  selectorLabels: z.array(z.string().min(1)).min(1).default(DEFAULT_SELECTOR_LABELS),
  includeLabelPrefix: z.array(z.string()).default([]),
}).strict();
export type FlaggerSettings = z.infer<typeof FlaggerSettings>;
