/** The rule registry: every rule of design §4, one file each, in id order. */
import { hpaOverlap } from './hpa-overlap';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  hpaOverlap,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
