/**
 * Every fake controller the simulator runs, in start order. Each lives in its own file and is
 * described in sim/README.md ("Controllers").
 */
import { kedaController } from './keda';
import { flaggerController } from './flagger/controller';
import type { Controller } from './runtime/controller';

export function allControllers(): Controller[] {
  return [
    // KEDA after the workloads and HPA controllers.
    kedaController(),
    flaggerController(),
  ];
}
