/**
 * One analysis tick of a Canary: the simulated `advanceCanary` (fluxcd/flagger
 * pkg/controller/scheduler.go), for Deployment targets. Traffic routing is not simulated: with the
 * `kubernetes` provider the canary gets no traffic (blue/green, iterations); with any other provider
 * the weight in `status.canaryWeight` stands for the mesh's routes. Analysis outcomes come from
 * `CanaryAnalysis` documents (default: every check passes).
 */
import { maxWeight, nextStepWeight, primaryName, type CanaryPhase } from '@/lib/flagger';
import type { KubeObject } from '@/lib/k8s/object';
import type { ControllerContext } from '../runtime/controller';
import { DeploymentOps } from './deployment';
import { errText, spec, status, tryGet, type Resources } from './kube';
import { scalerReconciler } from './scalers';
import type { FlaggerSettings } from './settings';
import { CanaryStatusWriter } from './status';

type Obj = Record<string, unknown>;
const ADVANCING: string[] = ['Progressing', 'Waiting', 'WaitingPromotion', 'Promoting', 'Finalising'];

export class CanaryAdvancer {
  private readonly deploy: DeploymentOps;
  private readonly status: CanaryStatusWriter;

  constructor(private readonly ctx: ControllerContext, private readonly res: Resources, private readonly settings: FlaggerSettings) {
    this.deploy = new DeploymentOps(ctx, res, settings);
    this.status = new CanaryStatusWriter(ctx, res);
  }

  private info(cd: KubeObject, msg: string) {
    return this.ctx.event(cd, 'Normal', 'Synced', msg);
  }

  private warn(cd: KubeObject, msg: string) {
    return this.ctx.event(cd, 'Warning', 'Synced', msg);
  }

  /** controller.go: a new Canary (empty phase) is marked Initializing at once. */
  async markInitializing(ns: string, name: string): Promise<void> {
    const cd = tryGet(this.ctx, this.res.canary, ns, name);
    if (cd && !status(cd).phase) await this.status.setPhaseInitializing(cd);
  }

  async advance(ns: string, name: string): Promise<void> {
    let cd = tryGet(this.ctx, this.res.canary, ns, name);
    if (!cd || cd.metadata.deletionTimestamp) return;
    if (spec(cd).suspend === true) return void (await this.info(cd, 'skipping canary run as object is suspended'));
    try {
      await this.run(cd);
    } catch (e) {
      cd = tryGet(this.ctx, this.res.canary, ns, name) ?? cd;
      await this.warn(cd, errText(e));
    }
  }

  private async run(cd: KubeObject): Promise<void> {
    const ns = cd.metadata.namespace!;
    const analysis = (spec(cd).analysis ?? {}) as Obj;
    const provider = String(spec(cd).provider ?? this.settings.meshProvider);
    const skipAnalysis = spec(cd).skipAnalysis === true;
    const phase = String(status(cd).phase ?? '');
    const initializing = phase === '' || phase === 'Initializing';
    const dep = this.deploy.target(cd);
    this.deploy.selector(dep);
    const scaler = scalerReconciler(this.ctx, this.res, this.settings, cd);

    // Initialize: primary Deployment, primary autoscaler, canary scaled to zero.
    await this.deploy.ensurePrimary(cd, dep);
    if (initializing && !skipAnalysis) {
      const notReady = this.deploy.primaryNotReady(cd, dep);
      if (notReady) return void (await this.warn(cd, notReady));
    }
    if (scaler) {
      await scaler.reconcilePrimary(cd, true);
      if (initializing) await scaler.pauseTarget(cd);
    }
    if (initializing) await this.deploy.scale(cd, 'zero');
    if (initializing) {
      cd = await this.status.sync(cd, { phase: 'Initialized' }, this.deploy.specHash(dep), this.deploy.trackedConfigs(dep));
      await this.info(cd, `Initialization done! ${cd.metadata.name}.${ns}`);
    }

    // shouldAdvance
    let st = status(cd);
    if (st.phase === 'Failed') cd = await this.status.sync(cd, { phase: 'Failed', canaryWeight: Number(st.canaryWeight ?? 0), failedChecks: Number(st.failedChecks ?? 0), iterations: Number(st.iterations ?? 0) }, String(st.lastAppliedSpec ?? ''), (st.trackedConfigs ?? {}) as Record<string, string>);
    const changed = () => this.deploy.hasSpecChanged(cd!, dep) || this.deploy.configsChanged(cd!, dep);
    const shouldAdvance = ADVANCING.includes(String(st.phase)) || changed();
    if (!shouldAdvance) return;
    if (!skipAnalysis) {
      const notReady = this.deploy.primaryNotReady(cd, dep);
      if (notReady) return void (await this.warn(cd, notReady));
    }
    st = status(cd);
    const canaryWeight = provider === 'kubernetes' ? 0 : Number(st.canaryWeight ?? 0);
    const target = `${dep.metadata.name}.${ns}`;

    // checkCanaryStatus: a new revision starts Progressing.
    if (!['Progressing', 'WaitingPromotion', 'Promoting', 'Finalising'].includes(String(st.phase))) {
      await this.info(cd, `New revision detected! Scaling up ${target}`);
      if (scaler) await scaler.resumeTarget(cd);
      await this.deploy.scale(cd, 'fromZero');
      await this.status.sync(cd, { phase: 'Progressing' }, this.deploy.specHash(dep), this.deploy.trackedConfigs(dep));
      return;
    }

    // hasCanaryRevisionChanged
    if ((st.phase === 'Progressing' || st.phase === 'WaitingPromotion') && changed()) {
      cd = await this.status.sync(cd, { phase: 'Progressing' }, this.deploy.specHash(dep), this.deploy.trackedConfigs(dep));
      return void (await this.info(cd, `New revision detected! Restarting analysis for ${target}`));
    }

    const canaryNotReady = this.deploy.canaryNotReady(cd, dep);
    if (canaryNotReady) return void (await this.warn(cd, canaryNotReady));

    if (skipAnalysis) {
      await this.info(cd, `Copying ${target} template spec to ${primaryName(dep.metadata.name!)}.${ns}`);
      await this.deploy.promote(cd);
      if (scaler) {
        await scaler.reconcilePrimary(cd, false);
        await scaler.pauseTarget(cd);
      }
      await this.deploy.scale(cd, 'zero');
      await this.status.setPhase(cd, 'Succeeded', Number(analysis.iterations ?? 0));
      return void (await this.info(cd, `Promotion completed! Canary analysis was skipped for ${target}`));
    }

    if (st.phase === 'Promoting') {
      if (scaler) await scaler.reconcilePrimary(cd, false);
      if (provider !== 'kubernetes') await this.info(cd, 'Routing all traffic to primary');
      await this.status.setPhase(cd, 'Finalising', Number(analysis.iterations ?? 0));
      return;
    }
    if (st.phase === 'Finalising') {
      if (scaler) await scaler.pauseTarget(cd);
      await this.deploy.scale(cd, 'zero');
      await this.status.setPhase(cd, 'Succeeded', Number(analysis.iterations ?? 0));
      return void (await this.info(cd, `Promotion completed! Scaling down ${target}`));
    }

    const threshold = Number(analysis.threshold ?? 0);
    if ((st.phase === 'Progressing' || st.phase === 'WaitingPromotion') && Number(st.failedChecks ?? 0) >= threshold) {
      return this.rollback(cd, scaler);
    }

    if (canaryWeight === 0 && Number(st.iterations ?? 0) === 0) {
      await this.info(cd, `Starting canary analysis for ${target}`);
    } else if (this.analysisFails(cd)) {
      await this.status.set(cd, 'failedChecks', Number(st.failedChecks ?? 0) + 1);
      const metric = String(((analysis.metrics as Obj[] | undefined)?.[0] as Obj | undefined)?.name ?? 'request-success-rate');
      return void (await this.warn(cd, `Halt advancement no values found for prometheus metric ${metric} probably ${target} is not receiving traffic: running query failed: no values found`));
    }

    let iterations = Number(analysis.iterations ?? 0);
    if (provider === 'kubernetes' && iterations < 1) {
      await this.warn(cd, 'Progressive traffic is not supported when using the kubernetes provider');
      await this.warn(cd, 'Setting canaryAnalysis.iterations: 10');
      iterations = 10;
    }
    if (iterations > 0) return this.blueGreen(cd, dep, iterations);
    const weights = { stepWeight: analysis.stepWeight as number | undefined, stepWeights: analysis.stepWeights as number[] | undefined, maxWeight: analysis.maxWeight as number | undefined };
    if (nextStepWeight(weights, canaryWeight) <= 0) return;
    if (canaryWeight < maxWeight(weights)) {
      const next = Math.min(100, canaryWeight + nextStepWeight(weights, canaryWeight));
      cd = await this.status.set(cd, 'canaryWeight', next);
      return void (await this.info(cd, `Advance ${cd.metadata.name}.${ns} canary weight ${next}`));
    }
    await this.promote(cd, dep, iterations);
  }

  private async blueGreen(cd: KubeObject, dep: KubeObject, iterations: number): Promise<void> {
    const done = Number(status(cd).iterations ?? 0);
    if (iterations > done) {
      cd = await this.status.set(cd, 'iterations', done + 1);
      return void (await this.info(cd, `Advance ${cd.metadata.name}.${cd.metadata.namespace} canary iteration ${done + 1}/${iterations}`));
    }
    if (iterations === done) return void (await this.status.set(cd, 'iterations', done + 1));
    await this.promote(cd, dep, iterations);
  }

  private async promote(cd: KubeObject, dep: KubeObject, iterations: number): Promise<void> {
    const ns = cd.metadata.namespace!;
    await this.info(cd, `Copying ${dep.metadata.name}.${ns} template spec to ${primaryName(dep.metadata.name!)}.${ns}`);
    await this.deploy.promote(cd);
    await this.status.setPhase(cd, 'Promoting', iterations);
  }

  private async rollback(cd: KubeObject, scaler: ReturnType<typeof scalerReconciler>): Promise<void> {
    const ns = cd.metadata.namespace!;
    const st = status(cd);
    const threshold = Number(((spec(cd).analysis ?? {}) as Obj).threshold ?? 0);
    if (Number(st.failedChecks ?? 0) >= threshold) await this.warn(cd, `Rolling back ${cd.metadata.name}.${ns} failed checks threshold reached ${Number(st.failedChecks ?? 0)}`);
    await this.warn(cd, `Canary failed! Scaling down ${cd.metadata.name}.${ns}`);
    if (scaler) await scaler.pauseTarget(cd);
    await this.deploy.scale(cd, 'zero');
    const dep = this.deploy.target(cd);
    await this.status.sync(cd, { phase: 'Failed' as CanaryPhase, canaryWeight: 0 }, this.deploy.specHash(dep), this.deploy.trackedConfigs(dep));
  }

  /** The scenario's `CanaryAnalysis` for this canary says `fail` (the last document wins). */
  private analysisFails(cd: KubeObject): boolean {
    const docs = this.ctx.docs('CanaryAnalysis').filter((d) => d.spec.canary.namespace === cd.metadata.namespace && d.spec.canary.name === cd.metadata.name);
    return docs.length > 0 && docs[docs.length - 1]!.spec.outcome === 'fail';
  }
}
