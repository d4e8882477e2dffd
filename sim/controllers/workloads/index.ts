/**
 * The built-in workload controllers of the simulated cluster, in start order: scheduler (and the
 * simulated nodes), kubelets, ReplicaSet, Deployment and StatefulSet controllers. See README.md.
 */
import type { Controller } from '../runtime/controller';
import { deploymentController } from './deployment-controller';
import { kubeletController } from './kubelet';
import { replicaSetController } from './replicaset-controller';
import { schedulerController } from './scheduler';
import { statefulSetController } from './statefulset-controller';

export function workloadControllers(): Controller[] {
  return [schedulerController(), kubeletController(), replicaSetController(), deploymentController(), statefulSetController()];
}
