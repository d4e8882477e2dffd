/**
 * `CanaryAnalysis`: how Flagger's analysis of a canary's next revision ends: `succeed` promotes
 * it, `fail` rolls it back after `threshold` failed checks. Without one, analyses succeed.
 */
import { z } from 'zod';
import { simDoc } from './common';

export const CanaryAnalysisDoc = simDoc('CanaryAnalysis', z.object({
  canary: z.object({ namespace: z.string().min(1), name: z.string().min(1) }).strict(),
  outcome: z.enum(['succeed', 'fail']),
}).strict());
export type CanaryAnalysisDoc = z.infer<typeof CanaryAnalysisDoc>;
