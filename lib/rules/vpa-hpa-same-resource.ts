/**
 * A VPA that sets cpu or memory requests of a workload which an HPA or a ScaledObject scales on
 * that same resource. The VPA project lists it as a known limitation: "Vertical Pod Autoscaler
 * should not be used with the Horizontal Pod Autoscaler (HPA) on CPU or memory at this moment"
 * (kubernetes/autoscaler vertical-pod-autoscaler/README.md, Known limitations). Both act on one
 * signal: the HPA's utilization is usage ÷ request (kubernetes/kubernetes
 * pkg/controller/podautoscaler/replica_calculator.go `GetResourceReplicas`), and the VPA moves
 * the request to follow usage.
 *
 * A VPA in mode `Off` only recommends and is left out, as is a container policy with mode `Off`;
 * controlledResources defaults to cpu and memory (vertical-pod-autoscaler/pkg/apis
 * `ContainerResourcePolicy`). HPA `Resource` metrics count every container, `ContainerResource`
 * metrics and KEDA `cpu`/`memory` triggers with `containerName` one container.
 */
import { targetKey } from '../k8s/scale-target';
import { sources } from '../graph/scaling-graph';
import { at, list, num, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { Vpa } from '../k8s/vpa';
import { Workload } from '../k8s/workload';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const vpaHpaSameResource: Rule = {
  id: 'vpa-hpa-same-resource',
  severity: 'warning',
  title: 'VPA and HPA act on the same resource',
  check(snapshot, { graph }) {
    const findings: Finding[] = [];
    // Only workloads with an active VPA matter: start from the (fewer) VPAs, each workload once.
    const seen = new Set<string>();
    for (const v of snapshot.objects.vpas) {
      const t = Vpa.target(v);
      const w = t ? graph.nodes.get(targetKey(t)) : undefined;
      if (!w?.object || seen.has(w.key) || Vpa.effectiveMode(v) === 'Off') continue;
      seen.add(w.key);
      const scalers = sources(graph, w.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => !!o);
      const vpas = scalers.filter((o) => o.kind === 'VerticalPodAutoscaler' && Vpa.effectiveMode(o) !== 'Off');
      const sos = scalers.filter((o) => o.kind === 'ScaledObject');
      // A KEDA-made HPA repeats its ScaledObject's triggers: report the ScaledObject, the object people edit.
      const hpas = scalers.filter((o) => o.kind === 'HorizontalPodAutoscaler' && !sos.some((s) => s.metadata.name === Hpa.ownerScaledObject(o)));
      const horizontal = [...hpas.map((h) => ({ scaler: h, metrics: hpaResourceMetrics(h) })), ...sos.map((s) => ({ scaler: s, metrics: soResourceMetrics(s) }))];
      const containers = Workload.containers(w.object).map((c) => c.name).filter((n) => n);
      for (const vpa of vpas) {
        const clashes = horizontal
          .map((h) => ({ scaler: h.scaler, metrics: h.metrics.filter((m) => (m.container ? [m.container] : containers.length ? containers : ['*']).some((c) => Vpa.controlledResources(vpa, c).includes(m.resource))) }))
          .filter((h) => h.metrics.length);
        if (clashes.length) findings.push(finding(w.object, vpa, clashes));
      }
    }
    return findings;
  },
};

interface ResourceMetric {
  resource: string;
  /** One container (ContainerResource, KEDA `containerName`); all containers when undefined. */
  container?: string;
  /** e.g. `cpu at 60% of requests`. */
  label: string;
  /** Utilization targets divide usage by the request the VPA sets. */
  utilization: boolean;
}

const RESOURCES = ['cpu', 'memory'];

function hpaResourceMetrics(hpa: KubeObject): ResourceMetric[] {
  return list(at(hpa.spec, 'metrics')).flatMap((m): ResourceMetric[] => {
    const type = str(at(m, 'type'));
    const source = type === 'Resource' ? at(m, 'resource') : type === 'ContainerResource' ? at(m, 'containerResource') : undefined;
    const resource = str(at(source, 'name'));
    if (!resource || !RESOURCES.includes(resource)) return [];
    const container = type === 'ContainerResource' ? str(at(source, 'container')) : undefined;
    const pct = num(at(source, 'target', 'averageUtilization'));
    const value = str(at(source, 'target', 'averageValue'));
    const goal = pct !== undefined ? `at ${pct}% of requests` : value ? `at ${value} per pod` : '';
    return [{ resource, container, label: `${resource}${goal ? ` ${goal}` : ''}${container ? ` of container ${code(container)}` : ''}`, utilization: pct !== undefined }];
  });
}

function soResourceMetrics(so: KubeObject): ResourceMetric[] {
  return ScaledObject.triggers(so).filter((t) => RESOURCES.includes(t.type)).map((t) => {
    const utilization = (t.metricType ?? 'Utilization') === 'Utilization';
    const value = t.metadata.value;
    const container = t.metadata.containerName || undefined;
    const goal = value ? (utilization ? `at ${value}% of requests` : `at ${value} per pod`) : '';
    return { resource: t.type, container, label: `${t.type}${goal ? ` ${goal}` : ''}${container ? ` of container ${code(container)}` : ''}`, utilization };
  });
}

function finding(workload: KubeObject, vpa: KubeObject, clashes: { scaler: KubeObject; metrics: ResourceMetric[] }[]): Finding {
  const resources = [...new Set(clashes.flatMap((c) => c.metrics.map((m) => m.resource)))].sort();
  const utilization = clashes.some((c) => c.metrics.some((m) => m.utilization));
  const w = named(refOf(workload));
  const mode = Vpa.updateMode(vpa);
  const what = listing(clashes.map((c) => `${named(refOf(c.scaler))} scales it on ${listing(c.metrics.map((m) => m.label))}`));
  const other = RESOURCES.find((r) => !resources.includes(r));
  return {
    rule: vpaHpaSameResource.id,
    severity: vpaHpaSameResource.severity,
    subjects: [refOf(workload), refOf(vpa), ...clashes.map((c) => refOf(c.scaler))],
    message: `VPA ${code(vpa.metadata.name ?? '')} sets the ${listing(resources)} requests of ${w}, which ${listing(clashes.map((c) => named(refOf(c.scaler))))} scale${clashes.length === 1 ? 's' : ''} on ${listing(resources)}`,
    explanation:
      `${named(refOf(vpa))} (mode ${code(mode)}${mode === 'Auto' ? ', that is Recreate' : ''}) sets the ${listing(resources)} requests of ${w} from the usage it observes, and ${what}. ` +
      (utilization
        ? `A utilization target is usage divided by the request. When load grows the HPA should add pods, but the VPA raises the requests to follow the usage, the utilization falls back under the target and the HPA stops adding pods or removes some; with fewer pods the usage per pod rises and the VPA raises the requests again. `
        : `An average-value target does not divide by the request, but both still follow the same usage per pod: the HPA adds pods when it rises, which lowers the usage per pod, and the VPA then shrinks the requests it had just raised; when the HPA removes pods the VPA grows them again. `) +
      `Both react to the same ${listing(resources)} signal, so replicas and requests chase each other instead of settling, and every VPA update ${mode === 'Initial' ? 'on a new pod' : 'evicts or resizes a pod while the HPA is counting it'}. ` +
      `The VPA project lists this as a known limitation: do not combine VPA and HPA on cpu or memory.`,
    remedy: other
      ? `Give each autoscaler its own resource: limit ${named(refOf(vpa))} to ${other} (${code(`resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: [${other}] }] }`)}), ` +
        `or set its ${code('updateMode')} to ${code('Off')} to keep only its recommendations, or scale horizontally on a custom or external metric (requests per second, queue length) instead of ${listing(resources)}.`
      : `The VPA and the horizontal scaling both use cpu and memory: set the VPA's ${code('updateMode')} to ${code('Off')} to keep only its recommendations, or scale horizontally on a custom or external metric (requests per second, queue length) and let the VPA keep the requests.`,
    actions: ['vpa-update-mode'],
    since: latest(vpa.metadata.creationTimestamp, ...clashes.map((c) => c.scaler.metadata.creationTimestamp)),
  };
}
