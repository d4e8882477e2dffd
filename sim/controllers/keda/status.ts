/**
 * ScaledObject/ScaledJob status helpers: KEDA's four conditions in their fixed order
 * (apis/keda/v1alpha1/condition_types.go `GetInitializedConditions`), and status writes that
 * re-read the object and skip no-op updates, as kedastatus.UpdateScaledObjectStatus does.
 */
import type { KubeObject } from '@/lib/k8s/object';
import type { ResourceInfo } from '../../registry/types';
import { clone } from '../../store/json';
import type { ControllerContext } from '../runtime/controller';

export type ConditionType = 'Ready' | 'Active' | 'Fallback' | 'Paused';
export interface KedaCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
export type KedaStatus = Record<string, unknown> & { conditions?: KedaCondition[] };

export const READY_MESSAGE = 'ScaledObject is defined correctly and is ready for scaling';
export const CONDITION_TYPES: ConditionType[] = ['Ready', 'Active', 'Fallback', 'Paused'];

/** The conditions, initialised to Unknown when any is missing (`AreInitialized`). */
export function conditionsOf(status: KedaStatus, types: readonly string[] = CONDITION_TYPES): KedaCondition[] {
  const cur = Array.isArray(status.conditions) ? status.conditions : [];
  if (types.every((t) => cur.some((c) => c.type === t))) return cur.map((c) => ({ ...c }));
  return types.map((type) => ({ type, status: 'Unknown' }));
}

export function getCondition(status: KedaStatus, type: ConditionType): KedaCondition | undefined {
  return (Array.isArray(status.conditions) ? status.conditions : []).find((c) => c.type === type);
}

/** `setCondition`: status, reason and message of one condition (absent reason/message are dropped as `omitempty`). */
export function setCondition(status: KedaStatus, type: ConditionType, value: 'True' | 'False' | 'Unknown', reason: string, message: string): void {
  const conds = conditionsOf(status);
  const c = conds.find((x) => x.type === type)!;
  c.status = value;
  if (reason) c.reason = reason;
  else delete c.reason;
  if (message) c.message = message;
  else delete c.message;
  status.conditions = conds;
}

/** Re-reads the object, lets `mutate` change a copy of its status, writes it when it changed; returns the stored object. */
export async function updateStatus(ctx: ControllerContext, res: ResourceInfo, namespace: string, name: string, mutate: (status: KedaStatus, obj: KubeObject) => void): Promise<KubeObject | undefined> {
  const cur = ctx.store.get(res.storage, namespace, name);
  if (!cur || cur.metadata.deletionTimestamp && (cur.metadata.finalizers ?? []).length === 0) return cur;
  const status = clone((cur.status ?? {}) as KedaStatus);
  mutate(status, cur);
  if (JSON.stringify(status) === JSON.stringify(cur.status ?? {})) return cur;
  const next = { ...cur, metadata: { ...cur.metadata, resourceVersion: undefined }, status };
  return ctx.api.update(res, namespace, name, next, ctx.as(), 'status');
}
