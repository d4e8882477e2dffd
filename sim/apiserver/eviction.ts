/**
 * `pods/{name}/eviction` (policy/v1 Eviction), as registry/core/pod/storage/eviction.go answers it
 * when no PodDisruptionBudget covers the pod (the simulator serves none): the pod is deleted with the
 * Eviction's DeleteOptions and the answer is a `Status` Success with code 201.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { errors } from '../api/errors';
import { isJsonObject } from '../store/json';
import type { ApiServer } from './api-server';
import type { DeleteOptions, RequestContext } from './context';

export async function evictPod(api: ApiServer, namespace: string, name: string, body: unknown, ctx: RequestContext): Promise<KubeObject> {
  const res = api.resourceFor('v1', 'Pod')!;
  if (!isJsonObject(body) || body.kind !== 'Eviction') throw errors.badRequest('the body of the request was not an Eviction');
  const meta = isJsonObject(body.metadata) ? body.metadata : {};
  if (meta.name !== undefined && meta.name !== name) throw errors.badRequest(`name in URL does not match name in Eviction object`);
  const opts = (isJsonObject(body.deleteOptions) ? body.deleteOptions : {}) as DeleteOptions;
  await api.delete(res, namespace, name, opts, ctx);
  return { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 } as unknown as KubeObject;
}
