/**
 * The time zone CronHPA schedules run in: the `TZ` of kubernetes-cronhpa-controller's process
 * (upstream computes next runs with Go's `time.Local`). Read from the `TZ` env var of the
 * controller's Deployment; a Go process without `TZ` in a distroless image, or with a zone it
 * cannot load, runs in UTC.
 */
import { findController } from '../components';
import { at, list, str } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { isValidTimeZone } from './next-run';

export interface ControllerZone {
  /** An IANA zone name this runtime knows. */
  timeZone: string;
  /** Where it came from, in words, e.g. "TZ of kube-system/kubernetes-cronhpa-controller". */
  source: string;
  /** The controller Deployment, `namespace/name`, when found. */
  controller?: string;
}

/**
 * The controller's zone, from the Deployments of a snapshot.
 *
 * @example cronControllerZone(snapshot.objects.deployments) // { timeZone: 'Asia/Shanghai', source: 'TZ of kube-system/kubernetes-cronhpa-controller', … }
 */
export function cronControllerZone(deployments: readonly KubeObject[]): ControllerZone {
  const status = findController('cronhpa', deployments);
  if (!status) return { timeZone: 'UTC', source: 'no kubernetes-cronhpa-controller Deployment found: assuming UTC' };
  const controller = `${status.namespace}/${status.name}`;
  const d = deployments.find((x) => x.metadata.namespace === status.namespace && x.metadata.name === status.name);
  const containers = list(at(d?.spec, 'template', 'spec', 'containers'));
  for (const c of containers) {
    const tz = list(at(c, 'env')).find((e) => str(at(e, 'name')) === 'TZ');
    if (tz === undefined) continue;
    const value = str(at(tz, 'value'));
    if (!value) return { timeZone: 'UTC', source: `TZ of ${controller} is not a literal value: assuming UTC`, controller };
    if (value === 'Local' || !isValidTimeZone(value)) return { timeZone: 'UTC', source: `TZ of ${controller} is ${JSON.stringify(value)}, which Go cannot load: UTC`, controller };
    return { timeZone: value, source: `TZ of ${controller}`, controller };
  }
  return { timeZone: 'UTC', source: `${controller} sets no TZ: UTC`, controller };
}
