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
  private readonly byHpa = new Map<string, readonly LabelRequirement[]>();

  private static key(namespace: string, name: string): string {
    return `${namespace}/${name}`;
  }

  /** `enqueueHPA`: known from now on, selecting nothing until reconciled. */
  register(namespace: string, name: string): void {
    const k = SelectorRegistry.key(namespace, name);
    if (!this.byHpa.has(k)) this.byHpa.set(k, NOTHING);
  }

  /** `validateAndParseSelector`: the HPA's current selector (only for registered HPAs, as upstream). */
  put(namespace: string, name: string, selector: LabelRequirement[]): void {
    const k = SelectorRegistry.key(namespace, name);
    if (this.byHpa.has(k)) this.byHpa.set(k, selector);
  }

  delete(namespace: string, name: string): void {
    this.byHpa.delete(SelectorRegistry.key(namespace, name));
  }

  /** `hpasControllingPodsUnderSelector`: the HPAs (`namespace/name`, sorted) selecting any of `pods`. */
  controlling(namespace: string, pods: KubeObject[]): string[] {
    const out = new Set<string>();
    for (const [key, sel] of this.byHpa) {
      if (!key.startsWith(`${namespace}/`) || isNothing(sel)) continue;
      if (pods.some((p) => matchesLabels(sel as LabelRequirement[], p.metadata.labels ?? {}))) out.add(key);
    }
    return [...out].sort();
  }
}
