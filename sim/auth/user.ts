/** Who makes a request, as authentication resolves it (same shape as the RBAC engine's UserInfo). */
export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
}

/** The identity in-process controllers and scenario loading act as: a cluster admin. */
export const SYSTEM_ADMIN: UserInfo = { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] };
