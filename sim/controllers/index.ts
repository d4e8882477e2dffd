/**
 * Every fake controller the simulator runs, in start order. Each lives in its own file and is
 * listed in sim/README.md ("Controllers") with a README of its own.
 */
import { kedaController } from './keda';
import { flaggerController } from './flagger/controller';
import { vpaAdmissionController } from './vpa/admission';
import { kubeletResize } from './vpa/kubelet';
import { vpaRecommender } from './vpa/recommender';
import { vpaUpdater } from './vpa/updater';
import type { Controller } from './runtime/controller';
import { scenarioChangesController } from './scenario-changes';
import { workloadControllers } from './workloads';
import { hpaController } from './hpa';
import { cronHpaController } from './cronhpa';

export function allControllers(): Controller[] {
  return [
    // Scheduler, kubelets, ReplicaSet, Deployment, StatefulSet.
    ...workloadControllers(),
    hpaController(),
    cronHpaController(),
    // KEDA after the workloads and HPA controllers.
    kedaController(),
    flaggerController(),
    // VPA: admission plug-in, recommender, updater, and the kubelet's answer to in-place resizes.
    vpaAdmissionController(),
    vpaRecommender(),
    vpaUpdater(),
    kubeletResize(),
    // Last: the scenario's timed changes act on a cluster whose controllers all run.
    scenarioChangesController(),
  ];
}
