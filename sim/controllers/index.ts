/**
 * Every fake controller the simulator runs, in start order. Each lives in its own file and is
 * described in sim/README.md ("Controllers").
 */
import type { Controller } from './runtime/controller';

export function allControllers(): Controller[] {
  return [];
}
