/** Runs registered admission plug-ins in order: every mutating step first, then every validating step. */
import type { KubeObject } from '@/lib/k8s/object';
import type { AdmissionPlugin, AdmissionRequest } from './types';

export class AdmissionChain {
  private readonly plugins: AdmissionPlugin[] = [];
  private tail: AdmissionPlugin | undefined;

  /** The plug-in that always runs last (webhook admission, as kube orders it after in-tree plug-ins). */
  setTail(plugin: AdmissionPlugin): void {
    this.tail = plugin;
  }

  private all(): AdmissionPlugin[] {
    return this.tail ? [...this.plugins, this.tail] : this.plugins;
  }

  /** Adds a plug-in after those already registered; returns a function that removes it. */
  register(plugin: AdmissionPlugin): () => void {
    this.plugins.push(plugin);
    return () => {
      const i = this.plugins.indexOf(plugin);
      if (i >= 0) this.plugins.splice(i, 1);
    };
  }

  /** Mutating phase: each plug-in sees the previous one's result. */
  async mutate(req: AdmissionRequest): Promise<KubeObject | undefined> {
    let obj = req.object;
    for (const p of this.all()) {
      if (!p.mutate || !obj) continue;
      const out = await p.mutate({ ...req, object: obj });
      if (out) obj = out;
    }
    return obj;
  }

  /** Validating phase: the first denial (a thrown ApiError) ends the request. */
  async validate(req: AdmissionRequest): Promise<void> {
    for (const p of this.all()) if (p.validate) await p.validate(req);
  }
}
