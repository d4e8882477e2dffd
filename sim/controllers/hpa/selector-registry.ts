/**
 * The HPA controller's memory of which HPA selects which pods (upstream `hpaSelectors`, a
 * `selectors.BiMultimap`, in kubernetes `pkg/controller/podautoscaler/horizontal.go`): an HPA is
 * registered with a selector that matches nothing when it appears, gets its real selector on its
 * first reconcile, and is dropped when deleted. Two HPAs whose selectors cover the same pods make
 * both report `AmbiguousSelector` and stop scaling, from the moment both have been reconciled once.
 */
import { isNothing, matchesLabels, NOTHING, type LabelRequirement } from '@/lib/k8s/label-selector';
import type { KubeObject } from '@/lib/k8s/object';

export class SelectorRegistry {
  /** namespace → HPA name → selector (HPAs only ever select pods of their own namespace). */
  private readonly byNamespace = new Map<string, Map<string, readonly LabelRequirement[]>>();

  private of(namespace: string): Map<string, readonly LabelRequirement[]> {
    let m = this.byNamespace.get(namespace);
    if (!m) {
      m = new Map();
      this.byNamespace.set(namespace, m);
    }
    return m;
  }

  /** `enqueueHPA`: known from now on, selecting nothing until reconciled. */
  register(namespace: string, name: string): void {
    const m = this.of(namespace);
    if (!m.has(name)) m.set(name, NOTHING);
  }

  /** `validateAndParseSelector`: the HPA's current selector (only for registered HPAs, as upstream). */
  put(namespace: string, name: string, selector: LabelRequirement[]): void {
    const m = this.of(namespace);
    if (m.has(name)) m.set(name, selector);
  }

  delete(namespace: string, name: string): void {
    this.byNamespace.get(namespace)?.delete(name);
  }

  /** `hpasControllingPodsUnderSelector`: the HPAs (`namespace/name`, sorted) selecting any of `pods`. */
  controlling(namespace: string, pods: KubeObject[]): string[] {
    // Pods of one workload share their labels but for a hash or two: match each label set once.
    const labelSets = [...new Map(pods.map((p) => [JSON.stringify(p.metadata.labels ?? {}), p.metadata.labels ?? {}])).values()];
    const out: string[] = [];
    for (const [name, sel] of this.byNamespace.get(namespace) ?? []) {
      if (isNothing(sel)) continue;
      if (labelSets.some((labels) => matchesLabels(sel as LabelRequirement[], labels))) out.push(`${namespace}/${name}`);
    }
    return out.sort();
  }
}
