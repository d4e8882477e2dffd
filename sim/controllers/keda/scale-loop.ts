/**
 * The scale loop KEDA runs per ScaledObject (pkg/scaling/scale_handler.go `startScaleLoop`,
 * `checkScalers`; pkg/scaling/executor/scale_scaledobjects.go `RequestScale`): right away and then
 * every `pollingInterval` (default 30 s) it reads every trigger through the scalers cache (a
 * failing scaler is rebuilt once and read again), decides activity (value > activation
 * threshold; cpu/memory triggers always count as active, they never let a target reach zero),
 * pins paused-replicas, scales 0↔1 (or idle↔min) after `cooldownPeriod`, and keeps the Active,
 * Ready and Fallback conditions, `status.lastActiveTime` and `status.health`.
 */
import { at, int, str } from '@/lib/k8s/fields';
import type { KubeObject } from '@/lib/k8s/object';
import { parseGvkr } from '@/lib/keda/names';
import { isTriggerActive } from '@/lib/keda/scalers';
import { decideScale, DEFAULT_COOLDOWN_PERIOD_S, DEFAULT_INITIAL_COOLDOWN_PERIOD_S, DEFAULT_POLLING_INTERVAL_S } from '@/lib/keda/scaling';
import { getScale, writeScale } from '../../apiserver/scale';
import { rfc3339 } from '../../clock';
import type { ControllerContext } from '../runtime/controller';
import type { Cancel } from '../runtime/scheduler';
import type { WorkQueue } from '../work-queue';
import { pausedReplicas } from './hpa';
import { fallbackValue, type TriggerValues } from './metrics-provider';
import type { ScalerCache } from './scaler-cache';
import { getCondition, READY_MESSAGE, setCondition, updateStatus, type KedaStatus } from './status';

export class ScaleLoop {
  private readonly loops = new Map<string, Cancel>();

  constructor(private readonly ctx: ControllerContext, private readonly queue: WorkQueue, private readonly cache: ScalerCache, private readonly values: TriggerValues) {}

  /** (Re)starts the loop of `namespace/name`: one check now, then one per polling interval. */
  start(namespace: string, name: string, so: KubeObject): void {
    const key = `${namespace}/${name}`;
    this.stop(key);
    const interval = (int(at(so.spec, 'pollingInterval')) ?? DEFAULT_POLLING_INTERVAL_S) * 1000;
    const run = () => this.queue.add(`poll/${key}`, () => this.poll(namespace, name));
    run();
    this.loops.set(key, this.ctx.scheduler.every(interval, run));
  }

  stop(key: string): void {
    this.loops.get(key)?.();
    this.loops.delete(key);
  }

  stopAll(): void {
    for (const c of this.loops.values()) c();
    this.loops.clear();
  }

  /** Failures recorded in status.health for a metric (the metrics provider's fallback uses them). */
  failures(so: KubeObject, metricName: string): number {
    return int(at(so.status, 'health', metricName, 'numberOfFailures')) ?? 0;
  }

  private async poll(ns: string, name: string): Promise<void> {
    const res = this.ctx.api.resourceFor('keda.sh/v1alpha1', 'ScaledObject');
    const so = res ? this.ctx.store.get(res.storage, ns, name) : undefined;
    if (!res || !so || so.metadata.deletionTimestamp) return this.stop(`${ns}/${name}`);
    const entry = this.cache.get(so);
    const ref = at(so.spec, 'scaleTargetRef');
    const g = parseGvkr(str(at(ref, 'apiVersion')), str(at(ref, 'kind')), (group, version, kind) => this.ctx.api.resourceFor(group ? `${group}/${version}` : version, kind)?.plural);
    const target = g.ok ? this.ctx.api.resource(g.gvkr.group, g.gvkr.version, g.gvkr.resource) : undefined;
    const targetName = str(at(ref, 'name')) ?? '';
    if (!target?.scale || !this.ctx.store.get(target.storage, ns, targetName)) return;
    const current = int(at(getScale(this.ctx.api, target, ns, targetName).spec, 'replicas')) ?? 0;
    const scaleTo = (replicas: number) => writeScale(this.ctx.api, target, ns, targetName, { body: { spec: { replicas } } }, this.ctx.as());
    const kindText = str(at(so.status, 'scaleTargetKind')) ?? '';

    // Paused replicas: pin the target and record the count (RequestScale's first branch).
    const paused = pausedReplicas(so);
    if (paused !== undefined && !Number.isNaN(paused)) {
      if (paused !== current) await scaleTo(paused);
      if (paused !== current || int(at(so.status, 'pausedReplicaCount')) === undefined) {
        await updateStatus(this.ctx, res, ns, name, (st) => {
          st.pausedReplicaCount = paused;
        });
      }
      return;
    }

    let active = false;
    let error = entry.error !== undefined;
    const activeTriggers: string[] = [];
    const health: Record<string, { ok: boolean }> = {};
    for (let scaler of entry.scalers) {
      if (scaler.spec.resource) {
        active = true;
        continue;
      }
      let r = this.values.read('ScaledObject', ns, name, scaler);
      if ('error' in r) {
        scaler = this.cache.refreshScaler(so, scaler.index) ?? scaler;
        r = this.values.read('ScaledObject', ns, name, scaler);
      }
      health[scaler.spec.metricName] = { ok: !('error' in r) };
      if ('error' in r) {
        error = true;
        await this.ctx.event(so, 'Warning', 'KEDAScalerFailed', r.error);
        continue;
      }
      if (isTriggerActive(r.value, scaler.spec.activation)) {
        active = true;
        activeTriggers.push(scaler.name || scaler.type);
      }
    }

    const now = this.ctx.clock.now();
    const fb = at(so.spec, 'fallback');
    const decision = decideScale({
      active, error, current,
      minReplicaCount: int(at(so.spec, 'minReplicaCount')),
      idleReplicaCount: int(at(so.spec, 'idleReplicaCount')),
      hasFallback: fb !== undefined, fallbackReplicas: int(at(fb, 'replicas')),
      lastActiveTime: Date.parse(str(at(so.status, 'lastActiveTime')) ?? '') || undefined,
      creationTime: Date.parse(so.metadata.creationTimestamp ?? '') || now,
      cooldownMs: (int(at(so.spec, 'cooldownPeriod')) ?? DEFAULT_COOLDOWN_PERIOD_S) * 1000,
      initialCooldownMs: (int(at(so.spec, 'initialCooldownPeriod')) ?? DEFAULT_INITIAL_COOLDOWN_PERIOD_S) * 1000,
      now,
    });
    if (decision.kind === 'scale') {
      await scaleTo(decision.replicas);
      const where = `${kindText} ${ns}/${targetName}`;
      if (decision.why === 'activated') await this.ctx.event(so, 'Normal', 'KEDAScaleTargetActivated', `Scaled ${where} from ${current} to ${decision.replicas}, triggered by ${activeTriggers.join(';')}`);
      if (decision.why === 'deactivated') await this.ctx.event(so, 'Normal', 'KEDAScaleTargetDeactivated', `Deactivated ${where} from ${current} to ${decision.replicas}`);
    }

    await updateStatus(this.ctx, res, ns, name, (st, cur) => this.recordStatus(st, cur, { active, error, decision: decision.kind, why: decision.kind === 'scale' ? decision.why : undefined, health, now }));
  }

  private recordStatus(st: KedaStatus, so: KubeObject, r: { active: boolean; error: boolean; decision: string; why?: string; health: Record<string, { ok: boolean }>; now: number }): void {
    if (!r.error && getCondition(st, 'Ready')?.status !== 'True') setCondition(st, 'Ready', 'True', 'ScaledObjectReady', READY_MESSAGE);
    if (r.decision === 'partial-error') setCondition(st, 'Ready', 'Unknown', 'PartialTriggerError', 'Some triggers defined in ScaledObject are not working correctly');
    if (r.decision === 'trigger-error') setCondition(st, 'Ready', 'False', 'TriggerError', 'Triggers defined in ScaledObject are not working correctly');
    if (r.decision === 'keep-active' || r.why === 'activated') st.lastActiveTime = rfc3339(r.now);
    if (r.decision === 'cooldown') setCondition(st, 'Active', 'False', 'ScalerCooldown', 'Scaler cooling down because triggers are not active');
    else if (r.why === 'deactivated') setCondition(st, 'Active', 'False', 'ScalerNotActive', 'Scaling is not performed because triggers are not active');
    const activeCond = getCondition(st, 'Active');
    if (!activeCond || activeCond.status === 'Unknown' || (activeCond.status === 'True') !== r.active) {
      if (r.active) setCondition(st, 'Active', 'True', 'ScalerActive', 'Scaling is performed because triggers are active');
      else setCondition(st, 'Active', 'False', 'ScalerNotActive', 'Scaling is not performed because triggers are not active');
    }
    // status.health per external metric and the Fallback condition (pkg/fallback/fallback.go).
    const prev = (st.health ?? {}) as Record<string, { numberOfFailures?: number; status?: string }>;
    const health: Record<string, { numberOfFailures: number; status: string }> = {};
    let fallingBack = false;
    const entry = this.cache.get(so);
    for (const [metric, h] of Object.entries(r.health)) {
      const failures = h.ok ? 0 : (prev[metric]?.numberOfFailures ?? 0) + 1;
      health[metric] = { numberOfFailures: failures, status: h.ok ? 'Happy' : 'Failing' };
      const scaler = entry.scalers.find((s) => s.spec.metricName === metric);
      if (!h.ok && scaler && fallbackValue(so, scaler, failures) !== undefined) fallingBack = true;
    }
    if (Object.keys(health).length) st.health = { ...prev, ...health };
    if (at(so.spec, 'fallback') !== undefined) {
      if (fallingBack) setCondition(st, 'Fallback', 'True', 'FallbackExists', 'At least one trigger is falling back on this scaled object');
      else setCondition(st, 'Fallback', 'False', 'NoFallbackFound', 'No fallbacks are active on this scaled object');
    }
  }
}
