/**
 * The texts and user normalization around RBAC decisions: kube-apiserver's Forbidden message
 * (`endpoints/handlers/responsewriters.forbiddenMessage` + `apierrors.NewForbidden`) and the groups
 * an authenticated or impersonated user gets (impersonation filter, service-account authenticator).
 */
import type { NonResourceAttributes, ResourceAttributes, UserInfo } from './rbac';

/**
 * The `message` of the 403 Status for a denied request, e.g. `deployments.apps is forbidden: User
 * "jane" cannot list resource "deployments" in API group "apps" in the namespace "shop"`, with the
 * authorizer's reason appended when there is one.
 */
export function forbiddenMessage(user: UserInfo, attrs: ResourceAttributes | NonResourceAttributes, reason = ''): string {
  let msg: string;
  let prefix: string;
  if ('path' in attrs && typeof attrs.path === 'string') {
    msg = `User ${JSON.stringify(user.username)} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
    prefix = 'forbidden: ';
  } else {
    const a = attrs as ResourceAttributes;
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    msg = a.namespace
      ? `User ${JSON.stringify(user.username)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} in the namespace ${JSON.stringify(a.namespace)}`
      : `User ${JSON.stringify(user.username)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} at the cluster scope`;
    const gr = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
    prefix = a.name ? `${gr} ${JSON.stringify(a.name)} is forbidden: ` : `${gr} is forbidden: `;
  }
  return `${prefix}${msg}${reason ? `: ${reason}` : ''}`;
}

/**
 * The user kube-apiserver ends up with for `username` (bearer token or `Impersonate-User`):
 * service accounts get `system:serviceaccounts` and `system:serviceaccounts:<ns>` unless groups were
 * given, and every non-anonymous user gets `system:authenticated` unless `system:authenticated` or
 * `system:unauthenticated` is already there. `system:anonymous` gets nothing added.
 */
export function impersonatedUser(username: string, groups?: string[], uid?: string): UserInfo {
  const out = [...(groups ?? [])];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  if (sa && !groups?.length) out.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (username !== 'system:anonymous' && !out.includes('system:authenticated') && !out.includes('system:unauthenticated')) out.push('system:authenticated');
  const user: UserInfo = { username, groups: out };
  if (uid) user.uid = uid;
  return user;
}
