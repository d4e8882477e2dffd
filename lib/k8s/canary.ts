/** Flagger Canary (flagger.app/v1beta1): progressive delivery with a `<target>-primary` copy. */
import type { KubeObject } from './object';
import { at, str } from './fields';
import { memoByObject } from './memo';
import { readScaleTarget, type ScaleTarget } from './scale-target';

export const CANARY_GVK = { group: 'flagger.app', version: 'v1beta1', kind: 'Canary', plural: 'canaries' } as const;

export const CANARY_PHASES = [
  'Initializing', 'Initialized', 'Waiting', 'Progressing', 'WaitingPromotion',
  'Promoting', 'Finalising', 'Succeeded', 'Failed', 'Terminating', 'Terminated',
] as const;

export const Canary = {
  target: memoByObject((c: KubeObject): ScaleTarget | undefined => readScaleTarget(at(c.spec, 'targetRef'), c.metadata.namespace)),
  /** The canary-side autoscaler (an HPA or a ScaledObject); Flagger makes `<name>-primary` from it. */
  autoscaler(c: KubeObject): ScaleTarget | undefined {
    return readScaleTarget(at(c.spec, 'autoscalerRef'), c.metadata.namespace);
  },
  phase(c: KubeObject): string | undefined {
    return str(at(c.status, 'phase'));
  },
  /** Flagger's naming rule: the primary of X is `X-primary` (upstream). */
  primaryName(name: string): string {
    return `${name}-primary`;
  },
};
