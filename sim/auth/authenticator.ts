/**
 * Bearer-token authentication: each token maps to a user; every authenticated user also gets
 * `system:authenticated`. Requests without a valid token are anonymous (and refused outside the
 * public paths).
 */
import type { UserInfo } from './user';

export class Authenticator {
  private readonly tokens = new Map<string, UserInfo>();

  /** Adds (or replaces) a token. */
  addToken(token: string, user: UserInfo): void {
    const groups = user.groups.includes('system:authenticated') ? user.groups : [...user.groups, 'system:authenticated'];
    this.tokens.set(token, { ...user, groups });
  }

  tokenOf(username: string): string | undefined {
    for (const [t, u] of this.tokens) if (u.username === username) return t;
    return undefined;
  }

  /** The user of an `Authorization` header value, if its bearer token is known. */
  authenticate(authorization: string | undefined): UserInfo | undefined {
    if (!authorization) return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return m ? this.tokens.get(m[1]!) : undefined;
  }
}
