/**
 * keda-operator's ScaledObject reconciler (controllers/keda/scaledobject_controller.go, hpa.go):
 * finalizer and `scaledobject.keda.sh/name` label, pause annotations (HPA deleted, loop stopped,
 * Paused condition), scale target check (status.scaleTargetKind/GVKR/originalReplicaCount),
 * replica bounds and triggers, status.triggersTypes, the owned HPA (create; adopt an existing
 * one by updating it; delete the old one on rename; status.hpaName), the Ready condition, and a
 * scale loop per ScaledObject started when the HPA is created or the generation changes.
 * Errors retry with backoff, as controller-runtime requeues failed reconciles.
 */
import { at, int, list, str } from '@/lib/k8s/fields';
import type { KubeObject } from '@/lib/k8s/object';
import { gvkString, hpaNameOf, KEDA_FINALIZER, parseGvkr, SCALED_OBJECT_NAME_LABEL, type Gvkr } from '@/lib/keda/names';
import { replicaBoundsError, triggersError } from '@/lib/keda/validation';
import { getScale, writeScale } from '../../apiserver/scale';
import type { ResourceInfo } from '../../registry/types';
import type { ControllerContext } from '../runtime/controller';
import type { Cancel } from '../runtime/scheduler';
import type { WorkQueue } from '../work-queue';
import { derivative, desiredHpa, hpaNeedsUpdate, needsPause, pausedReplicas } from './hpa';
import type { ScaleLoop } from './scale-loop';
import type { ScalerCache } from './scaler-cache';
import { conditionsOf, getCondition, READY_MESSAGE, setCondition, updateStatus } from './status';

class ReconcileError extends Error {
  constructor(msg: string, detail: string) {
    super(`${msg}: ${detail}`);
  }
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ScaledObjectOperator {
  private readonly generations = new Map<string, number>();
  private readonly retries = new Map<string, { cancel: Cancel; delay: number }>();

  constructor(private readonly ctx: ControllerContext, private readonly queue: WorkQueue, private readonly cache: ScalerCache, private readonly loop: ScaleLoop, private readonly kedaVersion: string) {}

  res(): ResourceInfo | undefined {
    return this.ctx.api.resourceFor('keda.sh/v1alpha1', 'ScaledObject');
  }

  enqueue(namespace: string, name: string): void {
    this.queue.add(`so/${namespace}/${name}`, () => this.reconcile(namespace, name));
  }

  stop(): void {
    for (const r of this.retries.values()) r.cancel();
    this.retries.clear();
  }

  private mapper = (group: string, version: string, kind: string) => this.ctx.api.resourceFor(group ? `${group}/${version}` : version, kind)?.plural;

  async reconcile(ns: string, name: string): Promise<void> {
    const res = this.res();
    const so = res ? this.ctx.store.get(res.storage, ns, name) : undefined;
    const key = `${ns}/${name}`;
    if (!res || !so) {
      this.loop.stop(key);
      this.cache.drop('ScaledObject', ns, name);
      this.generations.delete(key);
      return;
    }
    if (so.metadata.deletionTimestamp) return this.finalize(res, so);
    let current = so;
    const labels = so.metadata.labels ?? {};
    const finalizers = so.metadata.finalizers ?? [];
    if (!finalizers.includes(KEDA_FINALIZER) || labels[SCALED_OBJECT_NAME_LABEL] !== name) {
      try {
        current = await this.ctx.api.update(res, ns, name, { ...so, metadata: { ...so.metadata, finalizers: finalizers.includes(KEDA_FINALIZER) ? finalizers : [...finalizers, KEDA_FINALIZER], labels: { ...labels, [SCALED_OBJECT_NAME_LABEL]: name } } }, this.ctx.as());
      } catch (e) {
        return this.finish(res, so, new ReconcileError('failed to update ScaledObject with scaledObjectName label', errText(e)));
      }
    }
    await updateStatus(this.ctx, res, ns, name, (st) => {
      st.conditions = conditionsOf(st);
    });
    let outcome: ReconcileError | undefined;
    try {
      await this.reconcileScaledObject(res, this.ctx.store.get(res.storage, ns, name) ?? current);
    } catch (e) {
      outcome = e instanceof ReconcileError ? e : new ReconcileError('failed to reconcile ScaledObject', errText(e));
    }
    await this.finish(res, this.ctx.store.get(res.storage, ns, name) ?? current, outcome);
  }

  /** Ready condition and events from the outcome (`Reconcile`), then retry on error. */
  private async finish(res: ResourceInfo, so: KubeObject, err: ReconcileError | undefined): Promise<void> {
    const ns = so.metadata.namespace ?? '';
    const name = so.metadata.name ?? '';
    const wasReady = getCondition((so.status ?? {}) as Record<string, unknown>, 'Ready');
    await updateStatus(this.ctx, res, ns, name, (st, cur) => {
      if (err) {
        setCondition(st, 'Ready', 'False', 'ScaledObjectCheckFailed', err.message);
        setCondition(st, 'Active', 'Unknown', 'UnknownState', 'ScaledObject check failed');
      } else {
        setCondition(st, 'Ready', 'True', 'ScaledObjectReady', READY_MESSAGE);
      }
      if (at(cur.spec, 'fallback') === undefined) setCondition(st, 'Fallback', 'False', 'NoFallbackFound', 'No fallbacks are active on this scaled object');
    });
    const key = `${ns}/${name}`;
    if (err) {
      await this.ctx.event(so, 'Warning', 'ScaledObjectCheckFailed', err.message);
      const prev = this.retries.get(key);
      prev?.cancel();
      const delay = Math.min((prev?.delay ?? 500) * 2, 300_000);
      this.retries.set(key, { delay, cancel: this.ctx.scheduler.after(delay, () => this.enqueue(ns, name)) });
    } else {
      this.retries.get(key)?.cancel();
      this.retries.delete(key);
      if (wasReady?.status !== 'True') await this.ctx.event(so, 'Normal', 'ScaledObjectReady', 'ScaledObject is ready for scaling');
    }
  }

  private async reconcileScaledObject(res: ResourceInfo, so: KubeObject): Promise<void> {
    const ns = so.metadata.namespace ?? '';
    const name = so.metadata.name ?? '';
    const key = `${ns}/${name}`;
    const status = (so.status ?? {}) as Record<string, unknown>;
    if (needsPause(so)) {
      const pinned = pausedReplicas(so);
      const reached = pinned === undefined || Number.isNaN(pinned) || this.targetReplicas(so) === pinned;
      if (getCondition(status, 'Paused')?.status !== 'True' || reached) {
        if (getCondition(status, 'Paused')?.status === 'True' && reached) return;
        this.loop.stop(key);
        this.generations.delete(key);
        await this.deleteHpa(so);
        await updateStatus(this.ctx, res, ns, name, (st) => setCondition(st, 'Paused', 'True', 'ScaledObjectPaused', 'ScaledObject is paused'));
        return;
      }
    } else if (getCondition(status, 'Paused')?.status === 'True') {
      await updateStatus(this.ctx, res, ns, name, (st) => setCondition(st, 'Paused', 'False', 'ScaledObjectUnpaused', 'pause annotation removed for ScaledObject'));
    }
    if (!str(at(so.spec, 'scaleTargetRef', 'name'))) throw new ReconcileError("ScaledObject doesn't have correct scaleTargetRef specification", 'ScaledObject.spec.scaleTargetRef.name is missing');
    const gvkr = await this.checkTarget(res, so);
    const bounds = replicaBoundsError(so);
    if (bounds) throw new ReconcileError("ScaledObject doesn't have correct Idle/Min/Max Replica Counts specification", bounds);
    const trig = triggersError(list(at(so.spec, 'triggers')));
    if (trig) throw new ReconcileError("ScaledObject doesn't have correct triggers specification", trig);
    const types = [...new Set(list(at(so.spec, 'triggers')).map((t) => str(at(t, 'type')) ?? ''))].join(',');
    const auths = [...new Set(list(at(so.spec, 'triggers')).map((t) => str(at(t, 'authenticationRef', 'name'))).filter((x): x is string => !!x))].join(',');
    await updateStatus(this.ctx, res, ns, name, (st) => {
      st.triggersTypes = types;
      st.authenticationsTypes = auths;
    });
    const created = await this.ensureHpa(res, this.ctx.store.get(res.storage, ns, name) ?? so, gvkr);
    const generation = so.metadata.generation ?? 0;
    if (created || this.generations.get(key) !== generation) {
      this.generations.set(key, generation);
      this.loop.start(ns, name, so);
    }
    if (needsPause(this.ctx.store.get(res.storage, ns, name) ?? so) && getCondition(status, 'Paused')?.status !== 'True') {
      throw new ReconcileError('ScaledObject paused replicas are being scaled', 'ScaledObject paused replicas are being scaled');
    }
  }

  private targetReplicas(so: KubeObject): number | undefined {
    const g = parseGvkr(str(at(so.spec, 'scaleTargetRef', 'apiVersion')), str(at(so.spec, 'scaleTargetRef', 'kind')), this.mapper);
    const r = g.ok ? this.ctx.api.resource(g.gvkr.group, g.gvkr.version, g.gvkr.resource) : undefined;
    if (!r?.scale) return undefined;
    try {
      return int(at(getScale(this.ctx.api, r, so.metadata.namespace, str(at(so.spec, 'scaleTargetRef', 'name')) ?? '').spec, 'replicas'));
    } catch {
      return undefined;
    }
  }

  /** `checkTargetResourceIsScalable`. */
  private async checkTarget(res: ResourceInfo, so: KubeObject): Promise<Gvkr> {
    const fail = (cause: string) => new ReconcileError("ScaledObject doesn't have correct scaleTargetRef specification", cause);
    const ref = at(so.spec, 'scaleTargetRef');
    const g = parseGvkr(str(at(ref, 'apiVersion')), str(at(ref, 'kind')), this.mapper);
    if (!g.ok) throw fail(g.error);
    const targetName = str(at(ref, 'name')) ?? '';
    const target = this.ctx.api.resource(g.gvkr.group, g.gvkr.version, g.gvkr.resource);
    const qualified = `${g.gvkr.resource}${g.gvkr.group ? `.${g.gvkr.group}` : ''}`;
    const obj = target ? this.ctx.store.get(target.storage, so.metadata.namespace, targetName) : undefined;
    if (!target || !obj) throw fail(`${qualified} "${targetName}" not found`);
    if (!target.scale) throw fail(`the server could not find the requested resource (get ${qualified} ${targetName})`);
    const replicas = int(at(getScale(this.ctx.api, target, so.metadata.namespace, targetName).spec, 'replicas')) ?? 0;
    const gvk = gvkString(g.gvkr);
    const hasPause = so.metadata.annotations?.['autoscaling.keda.sh/paused-replicas'] !== undefined || so.metadata.annotations?.['autoscaling.keda.sh/paused'] !== undefined;
    await updateStatus(this.ctx, res, so.metadata.namespace ?? '', so.metadata.name ?? '', (st) => {
      if (st.scaleTargetKind !== gvk) {
        st.scaleTargetKind = gvk;
        st.scaleTargetGVKR = { ...g.gvkr };
      }
      if (st.originalReplicaCount === undefined) st.originalReplicaCount = replicas;
      if (st.pausedReplicaCount !== undefined && !hasPause) delete st.pausedReplicaCount;
    });
    return g.gvkr;
  }

  /** `ensureHPAForScaledObjectExists`: returns whether a new HPA was created. */
  private async ensureHpa(res: ResourceInfo, so: KubeObject, gvkr: Gvkr): Promise<boolean> {
    const hpaRes = this.ctx.api.resourceFor('autoscaling/v2', 'HorizontalPodAutoscaler')!;
    const ns = so.metadata.namespace ?? '';
    const name = so.metadata.name ?? '';
    const wanted = hpaNameOf(so);
    const lookup = str(at(so.status, 'hpaName')) || wanted;
    const fail = (e: unknown) => new ReconcileError('failed to ensure HPA is correctly created for ScaledObject', errText(e));
    const entry = this.cache.get(so);
    if (entry.error) throw fail(entry.error);
    const spec = entry.scalers.find((s) => s.spec.error);
    if (spec) throw fail(spec.spec.error);
    const metricNames = entry.scalers.filter((s) => !s.spec.resource).map((s) => s.spec.metricName);
    const dup = metricNames.find((m, i) => metricNames.indexOf(m) !== i);
    if (dup) throw fail(`metricName ${dup} defined multiple times in ScaledObject ${name}`);
    await updateStatus(this.ctx, res, ns, name, (st) => {
      st.externalMetricNames = metricNames;
      st.resourceMetricNames = entry.scalers.filter((s) => s.spec.resource).map((s) => s.spec.resource!);
      const health = (st.health ?? {}) as Record<string, unknown>;
      st.health = Object.fromEntries(metricNames.filter((m) => health[m]).map((m) => [m, health[m]]));
      if (!metricNames.length) delete st.externalMetricNames;
      if (!(st.resourceMetricNames as string[]).length) delete st.resourceMetricNames;
      if (!Object.keys(st.health as object).length) delete st.health;
    });
    const desired = desiredHpa(this.ctx.store.get(res.storage, ns, name) ?? so, entry, gvkr, this.kedaVersion);
    const found = this.ctx.store.get(hpaRes.storage, ns, lookup);
    let created = false;
    try {
      if (!found || found.metadata.name !== wanted) {
        if (found) await this.ctx.api.delete(hpaRes, ns, lookup, {}, this.ctx.as());
        await this.ctx.api.create(hpaRes, ns, desired, this.ctx.as());
        created = true;
      } else if (hpaNeedsUpdate(desired, found)) {
        await this.ctx.api.update(hpaRes, ns, wanted, desired, this.ctx.as());
      }
    } catch (e) {
      throw fail(e);
    }
    await updateStatus(this.ctx, res, ns, name, (st) => {
      st.hpaName = wanted;
    });
    return created;
  }

  private async deleteHpa(so: KubeObject): Promise<void> {
    const hpaRes = this.ctx.api.resourceFor('autoscaling/v2', 'HorizontalPodAutoscaler')!;
    const name = str(at(so.status, 'hpaName')) || hpaNameOf(so);
    if (this.ctx.store.get(hpaRes.storage, so.metadata.namespace, name)) await this.ctx.api.delete(hpaRes, so.metadata.namespace, name, {}, this.ctx.as());
  }

  /** `finalizeScaledObject`: stop the loop, restore the original replicas if asked, drop the finalizer. */
  private async finalize(res: ResourceInfo, so: KubeObject): Promise<void> {
    const ns = so.metadata.namespace ?? '';
    const name = so.metadata.name ?? '';
    this.loop.stop(`${ns}/${name}`);
    this.cache.drop('ScaledObject', ns, name);
    this.generations.delete(`${ns}/${name}`);
    if (!(so.metadata.finalizers ?? []).includes(KEDA_FINALIZER)) return;
    const original = int(at(so.status, 'originalReplicaCount'));
    if (at(so.spec, 'advanced', 'restoreToOriginalReplicaCount') === true && original !== undefined) {
      const g = parseGvkr(str(at(so.spec, 'scaleTargetRef', 'apiVersion')), str(at(so.spec, 'scaleTargetRef', 'kind')), this.mapper);
      const target = g.ok ? this.ctx.api.resource(g.gvkr.group, g.gvkr.version, g.gvkr.resource) : undefined;
      if (target?.scale) await writeScale(this.ctx.api, target, ns, str(at(so.spec, 'scaleTargetRef', 'name')) ?? '', { body: { spec: { replicas: original } } }, this.ctx.as()).catch(() => undefined);
    }
    await this.ctx.api.update(res, ns, name, { ...so, metadata: { ...so.metadata, finalizers: (so.metadata.finalizers ?? []).filter((f) => f !== KEDA_FINALIZER) } }, this.ctx.as());
  }

  /** Which ScaledObject events reconcile (upstream's predicates): not pure status writes. */
  static relevant(old: KubeObject | undefined, cur: KubeObject): boolean {
    if (!old) return true;
    const meta = (o: KubeObject) => JSON.stringify([o.metadata.generation, o.metadata.annotations ?? {}, o.metadata.labels ?? {}, o.metadata.deletionTimestamp ?? null, o.metadata.finalizers ?? []]);
    return meta(old) !== meta(cur) || !derivative(at(old.status, 'pausedReplicaCount'), at(cur.status, 'pausedReplicaCount')) || int(at(old.status, 'pausedReplicaCount')) !== int(at(cur.status, 'pausedReplicaCount'));
  }
}
