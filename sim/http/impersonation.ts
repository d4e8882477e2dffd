/**
 * `Impersonate-User` / `Impersonate-Group` / `Impersonate-Uid`: the caller needs the `impersonate`
 * verb on each (users, groups, serviceaccounts), and then acts as that user.
 */
import type { IncomingMessage } from 'node:http';
import { errors } from '../api/errors';
import { forbiddenMessage, type Attributes, type Authorizer } from '../auth/authorizer';
import type { UserInfo } from '../auth/user';
import { impersonatedUser } from '../engine/rbac';

function headerValues(req: IncomingMessage, name: string): string[] {
  const v = req.headersDistinct[name];
  return v ? v.flatMap((x) => x.split(',').map((s) => s.trim())).filter(Boolean) : [];
}

/** The effective user of a request, or the caller when no impersonation header is present. */
export function impersonate(req: IncomingMessage, caller: UserInfo, authz: Authorizer): { user: UserInfo; impersonated: boolean } {
  const users = headerValues(req, 'impersonate-user');
  const groups = headerValues(req, 'impersonate-group');
  const uid = headerValues(req, 'impersonate-uid')[0];
  if (users.length === 0) {
    if (groups.length || uid) throw errors.internal(`requested ${JSON.stringify(groups)} without impersonating a user`);
    return { user: caller, impersonated: false };
  }
  const username = users[0]!;
  const check = (a: Attributes, resource: string, name: string): void => {
    const d = authz.authorize(caller, a);
    if (!d.allowed) throw errors.forbidden({ group: '', resource }, name, forbiddenMessage(caller, a));
  };
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  if (sa) check({ verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: sa[1]!, name: sa[2]! }, 'serviceaccounts', sa[2]!);
  else check({ verb: 'impersonate', apiGroup: '', resource: 'users', name: username }, 'users', username);
  for (const g of groups) check({ verb: 'impersonate', apiGroup: '', resource: 'groups', name: g }, 'groups', g);
  if (uid) check({ verb: 'impersonate', apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid }, 'uids', uid);
  return { user: impersonatedUser(username, groups, uid), impersonated: true };
}
