/** What every cluster has before any scenario object: system namespaces and bootstrap RBAC. */
import { BOOTSTRAP_RBAC } from './engine/bootstrap-rbac';
import { adminContext, type ApiServer } from './apiserver/api-server';

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export async function bootstrap(api: ApiServer): Promise<void> {
  const ns = api.resourceFor('v1', 'Namespace')!;
  for (const name of SYSTEM_NAMESPACES) await api.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, adminContext(undefined, 'kube-apiserver'));
  for (const obj of BOOTSTRAP_RBAC) {
    const res = api.resourceFor(obj.apiVersion, obj.kind);
    if (!res) continue;
    await api.create(res, obj.metadata.namespace, obj, adminContext(undefined, 'kube-apiserver'));
  }
}
