/**
 * Authorization: `system:masters` may do anything (like kube-apiserver's privileged group); everyone
 * else goes through the RBAC engine over the Roles, ClusterRoles and bindings in the store.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { authorize, rulesReview, type NonResourceAttributes, type RbacState, type ResourceAttributes } from '../engine/rbac';
import type { Store } from '../store/store';
import type { UserInfo } from './user';

const RBAC = 'rbac.authorization.k8s.io';
const STORAGES = [`${RBAC}/roles`, `${RBAC}/clusterroles`, `${RBAC}/rolebindings`, `${RBAC}/clusterrolebindings`];

export type Attributes = ResourceAttributes | NonResourceAttributes;

export function isResourceAttributes(a: Attributes): a is ResourceAttributes {
  return 'resource' in a;
}

export class Authorizer {
  private state: RbacState | undefined;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly store: Store) {
    // Rebuild the RBAC view lazily after any change to roles or bindings.
    this.unsubscribe = STORAGES.map((s) => store.subscribe(s, () => (this.state = undefined)));
  }

  stop(): void {
    for (const u of this.unsubscribe) u();
  }

  rbac(): RbacState {
    if (!this.state) {
      const [roles, clusterRoles, roleBindings, clusterRoleBindings] = STORAGES.map((s) => this.store.list(s) as KubeObject[]);
      this.state = { roles: roles!, clusterRoles: clusterRoles!, roleBindings: roleBindings!, clusterRoleBindings: clusterRoleBindings! };
    }
    return this.state;
  }

  authorize(user: UserInfo, attrs: Attributes): { allowed: boolean; reason: string } {
    if (user.groups.includes('system:masters')) return { allowed: true, reason: '' };
    return authorize(user, attrs, this.rbac());
  }

  rules(user: UserInfo, namespace: string): ReturnType<typeof rulesReview> {
    return rulesReview(user, namespace, this.rbac());
  }
}

/** kube-apiserver's `forbiddenMessage`. */
export function forbiddenMessage(user: UserInfo, a: Attributes): string {
  if (!isResourceAttributes(a)) return `User "${user.username}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${where}`;
}
