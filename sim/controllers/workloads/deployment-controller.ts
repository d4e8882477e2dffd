/**
 * The Deployment controller (kubernetes `pkg/controller/deployment/deployment_controller.go`):
 * one ReplicaSet per pod template (`<deploy>-<pod-template-hash>`), RollingUpdate within
 * maxSurge/maxUnavailable and Recreate, proportional scaling of a rollout when `spec.replicas`
 * changes (the `/scale` subresource, HPAs, `kubectl scale`), pause, revision annotations, old
 * ReplicaSets trimmed to `revisionHistoryLimit`, and status with Available/Progressing conditions.
 * A template change, `kubectl rollout restart` included, starts a rollout. No settings.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../../clock';
import type { Controller, ControllerContext } from '../runtime/controller';
import { isScalingEvent, maxUnavailable, newRsReplicas, reconcileNew, reconcileOld, scaleDeployment } from './deployment-rollout';
import { deploymentView, ReplicaSetWriter, REVISION, revisionOf, rsView, splitReplicaSets } from './deployment-replicasets';
import { deploymentStatus, progressing, setDeploymentCondition, type DeploymentCondition } from './deployment-status';
import { controllerOf, isNotFound, isPodActive, updateFresh, writeStatusIfChanged } from './objects';

const D_STORAGE = 'apps/deployments';
const RS_STORAGE = 'apps/replicasets';

export function deploymentController(): Controller {
  return {
    name: 'deployment',
    user: 'system:serviceaccount:kube-system:deployment-controller',
    component: 'deployment-controller',
    start(ctx: ControllerContext) {
      const queue = ctx.queue();
      const dRes = ctx.api.resourceFor('apps/v1', 'Deployment')!;
      const rsWriter = new ReplicaSetWriter(ctx);
      const enqueue = (namespace: string, name: string) => queue.add(`${namespace}/${name}`, () => sync(namespace, name));

      const owned = (d: KubeObject) => ctx.store.list(RS_STORAGE, d.metadata.namespace).filter((rs) => controllerOf(rs)?.uid === d.metadata.uid && !rs.metadata.deletionTimestamp);
      const fresh = (d: KubeObject) => ctx.store.get(D_STORAGE, d.metadata.namespace, d.metadata.name!) ?? d;

      /** `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created if asked), its revision, the deployment's revision annotation. */
      const newAndOld = async (d: KubeObject, create: boolean, conditions: DeploymentCondition[]) => {
        let { newRs, oldRss } = splitReplicaSets(d, owned(d));
        const revision = Math.max(0, ...oldRss.map(revisionOf)) + 1;
        const now = rfc3339(ctx.clock.now());
        if (newRs) {
          if (revisionOf(newRs) < revision) await rsWriter.setRevision(d.metadata.namespace!, newRs.metadata.name!, revision);
          if (!conditions.some((c) => c.type === 'Progressing')) conditions.push(progressing.found(newRs.metadata.name!, now));
        } else if (create) {
          const created = await rsWriter.create(d, newRsReplicas(deploymentView(d), oldRss.map(rsView), undefined), revision);
          if (created) conditions.splice(0, conditions.length, ...setDeploymentCondition(conditions, progressing.created(created.metadata.name!, now)));
          ({ newRs, oldRss } = splitReplicaSets(d, owned(d)));
        }
        if (newRs) {
          const rev = String(Math.max(revision, revisionOf(newRs)));
          await updateFresh(ctx.api, dRes, d.metadata.namespace, d.metadata.name!, ctx.as, (o) => {
            if (o.metadata.annotations?.[REVISION] === rev) return false;
            o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [REVISION]: rev };
            return true;
          });
        }
        return { newRs, oldRss };
      };

      const writeStatus = async (d: KubeObject, conditions: DeploymentCondition[], rollout: boolean) => {
        const view = deploymentView(d);
        const { newRs } = splitReplicaSets(d, owned(d));
        const counts = (rs: KubeObject) => {
          const st = (rs.status ?? {}) as { replicas?: number; readyReplicas?: number; availableReplicas?: number };
          return { replicas: (rs.spec as { replicas?: number }).replicas ?? 1, statusReplicas: st.replicas ?? 0, ready: st.readyReplicas ?? 0, available: st.availableReplicas ?? 0 };
        };
        const old = (d.status ?? {}) as Parameters<typeof deploymentStatus>[0]['old'];
        const status = deploymentStatus({
          generation: d.metadata.generation ?? 1, specReplicas: view.replicas, maxUnavailable: maxUnavailable(view),
          all: owned(d).map(counts), newRs: newRs ? { ...counts(newRs), name: newRs.metadata.name! } : undefined,
          old: { ...old, conditions }, progressDeadline: (d.spec as { progressDeadlineSeconds?: number }).progressDeadlineSeconds !== undefined,
          rollout, now: rfc3339(ctx.clock.now()),
        });
        await writeStatusIfChanged(ctx.api, dRes, d.metadata.namespace, d.metadata.name!, ctx.as, status);
        return status;
      };

      /** `cleanupDeployment`: old, empty ReplicaSets beyond revisionHistoryLimit, lowest revision first. */
      const cleanup = async (d: KubeObject, oldRss: KubeObject[]) => {
        const limit = (d.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit;
        if (limit === undefined || oldRss.length <= limit) return;
        const byRevision = [...oldRss].sort((a, b) => revisionOf(a) - revisionOf(b));
        for (const rs of byRevision.slice(0, oldRss.length - limit)) {
          const v = rsView(rs);
          if (v.replicas !== 0 || v.statusReplicas !== 0) continue;
          try {
            await rsWriter.delete(d.metadata.namespace!, rs.metadata.name!);
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        }
      };

      const complete = (d: KubeObject, st: Record<string, unknown>) => {
        const n = deploymentView(d).replicas;
        return (st.updatedReplicas ?? 0) === n && (st.replicas ?? 0) === n && (st.availableReplicas ?? 0) === n;
      };

      const rolling = async (d: KubeObject, conditions: DeploymentCondition[]) => {
        const { newRs, oldRss } = await newAndOld(d, true, conditions);
        if (!newRs) return writeStatus(fresh(d), conditions, true);
        const view = deploymentView(d);
        const all = [...oldRss, newRs].map(rsView);
        const grow = reconcileNew(view, all, rsView(newRs));
        if (grow !== undefined) {
          await rsWriter.scale(d, newRs.metadata.name!, grow);
          return writeStatus(fresh(d), conditions, true);
        }
        const shrink = reconcileOld(view, all, oldRss.map(rsView), rsView(newRs));
        for (const [name, size] of shrink) await rsWriter.scale(d, name, size);
        const status = await writeStatus(fresh(d), conditions, true);
        if (!shrink.size && complete(d, status)) await cleanup(d, oldRss);
        return status;
      };

      const recreate = async (d: KubeObject, conditions: DeploymentCondition[]) => {
        let { newRs, oldRss } = await newAndOld(d, false, conditions);
        const active = oldRss.filter((rs) => rsView(rs).replicas > 0);
        if (active.length) {
          for (const rs of active) await rsWriter.scale(d, rs.metadata.name!, 0);
          return writeStatus(fresh(d), conditions, true);
        }
        const oldUids = new Set(oldRss.map((rs) => rs.metadata.uid));
        const oldPodsRunning = ctx.store.list('/pods', d.metadata.namespace).some((p) => oldUids.has(controllerOf(p)?.uid) && isPodActive(p));
        if (oldPodsRunning) return writeStatus(fresh(d), conditions, true);
        if (!newRs) ({ newRs, oldRss } = await newAndOld(d, true, conditions));
        if (newRs && rsView(newRs).replicas !== deploymentView(d).replicas) await rsWriter.scale(d, newRs.metadata.name!, deploymentView(d).replicas);
        const status = await writeStatus(fresh(d), conditions, true);
        if (complete(d, status)) await cleanup(d, oldRss);
        return status;
      };

      /** `sync()`: paused deployments and scaling events only resize, no rollout step. */
      const resize = async (d: KubeObject, conditions: DeploymentCondition[]) => {
        const { newRs, oldRss } = await newAndOld(d, false, conditions);
        const sizes = scaleDeployment(deploymentView(d), newRs ? rsView(newRs) : undefined, oldRss.map(rsView));
        for (const [name, size] of sizes) await rsWriter.scale(d, name, size);
        const status = await writeStatus(fresh(d), conditions, false);
        if (complete(d, status)) await cleanup(d, oldRss);
      };

      const sync = async (namespace: string, name: string) => {
        const d = ctx.store.get(D_STORAGE, namespace, name);
        if (!d || d.metadata.deletionTimestamp) return;
        const now = rfc3339(ctx.clock.now());
        let conditions = [...(((d.status as { conditions?: DeploymentCondition[] } | undefined)?.conditions) ?? [])];
        const paused = (d.spec as { paused?: boolean }).paused === true;
        const progressingReason = conditions.find((c) => c.type === 'Progressing')?.reason;
        // checkPausedConditions
        if (paused && progressingReason !== 'DeploymentPaused') conditions = setDeploymentCondition(conditions, progressing.paused(now));
        if (!paused && progressingReason === 'DeploymentPaused') conditions = setDeploymentCondition(conditions, progressing.resumed(now));
        if (paused || isScalingEvent(deploymentView(d), owned(d).map(rsView))) return resize(d, conditions);
        if (deploymentView(d).strategy === 'Recreate') await recreate(d, conditions);
        else await rolling(d, conditions);
      };

      ctx.watch(D_STORAGE, (e) => {
        if (e.type === 'DELETED') return;
        const o = e.object;
        if (e.type === 'MODIFIED' && JSON.stringify(e.old?.spec) === JSON.stringify(o.spec) && JSON.stringify(e.old?.metadata.annotations) === JSON.stringify(o.metadata.annotations)) return;
        enqueue(o.metadata.namespace ?? '', o.metadata.name ?? '');
      });
      ctx.watch(RS_STORAGE, (e) => {
        const owner = controllerOf(e.object);
        if (owner?.kind === 'Deployment') enqueue(e.object.metadata.namespace ?? '', owner.name);
      });
    },
  };
}
