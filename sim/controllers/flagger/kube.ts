/** Small API helpers of the simulated Flagger: typed resources, reads that may miss, owner references. */
import type { KubeObject, OwnerReference } from '@/lib/k8s/object';
import { ApiError, toApiError } from '../../api/errors';
import type { ResourceInfo } from '../../registry/types';
import type { ControllerContext } from '../runtime/controller';

export interface Resources {
  canary: ResourceInfo;
  deployment: ResourceInfo;
  hpa: ResourceInfo;
  configMap: ResourceInfo;
  secret: ResourceInfo;
  scaledObject?: ResourceInfo;
}

/** Resolved at use: the CRDs come with the scenario, after the controller started. */
export function resources(ctx: ControllerContext): Resources | undefined {
  const canary = ctx.api.resourceFor('flagger.app/v1beta1', 'Canary');
  if (!canary) return undefined;
  return {
    canary,
    deployment: ctx.api.resourceFor('apps/v1', 'Deployment')!,
    hpa: ctx.api.resourceFor('autoscaling/v2', 'HorizontalPodAutoscaler')!,
    configMap: ctx.api.resourceFor('v1', 'ConfigMap')!,
    secret: ctx.api.resourceFor('v1', 'Secret')!,
    scaledObject: ctx.api.resourceFor('keda.sh/v1alpha1', 'ScaledObject'),
  };
}

/** The object, or undefined on 404; other errors propagate. */
export function tryGet(ctx: ControllerContext, res: ResourceInfo, ns: string, name: string): KubeObject | undefined {
  try {
    return ctx.api.get(res, ns, name);
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

/** client-go prints an API error as the Status message. */
export function errText(e: unknown): string {
  return e instanceof FlaggerError ? e.message : toApiError(e).message;
}

/** An error Flagger reports as a Warning event with its own wording. */
export class FlaggerError extends Error {}

/** `metav1.NewControllerRef(cd, Canary)`. */
export function canaryOwnerRef(cd: KubeObject): OwnerReference {
  return { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', name: cd.metadata.name!, uid: cd.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export const spec = (o: KubeObject | undefined): Record<string, unknown> => ((o?.spec ?? {}) as Record<string, unknown>);
export const status = (o: KubeObject | undefined): Record<string, unknown> => ((o?.status ?? {}) as Record<string, unknown>);
