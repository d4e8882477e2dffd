import { describe, expect, it } from 'vitest';
import { checkMutation, isAllowedHost } from './csrf';

const base = { method: 'POST', origin: 'http://127.0.0.1:3000', selfOrigin: 'http://127.0.0.1:3000', headerToken: 't0k3n', cookieToken: 't0k3n' };

describe('checkMutation', () => {
  it('lets safe methods through without a token', () => {
    expect(checkMutation({ ...base, method: 'GET', headerToken: null, cookieToken: undefined })).toEqual({ ok: true });
  });

  it('accepts a same-origin POST whose header equals the cookie, and one without Origin (scripts)', () => {
    expect(checkMutation(base)).toEqual({ ok: true });
    expect(checkMutation({ ...base, origin: null })).toEqual({ ok: true });
  });

  it('refuses a foreign Origin even with a valid token', () => {
    const v = checkMutation({ ...base, origin: 'https://evil.example' });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.detail).toMatch(/Cross-origin request refused/);
  });

  it('refuses a missing or mismatched token', () => {
    expect(checkMutation({ ...base, headerToken: null }).ok).toBe(false);
    expect(checkMutation({ ...base, cookieToken: undefined }).ok).toBe(false);
    expect(checkMutation({ ...base, headerToken: 't0k3m' }).ok).toBe(false);
    expect(checkMutation({ ...base, headerToken: 't0k3n-longer' }).ok).toBe(false);
  });
});

describe('isAllowedHost', () => {
  it('accepts loopback names on any port', () => {
    expect(isAllowedHost('127.0.0.1:3000')).toBe(true);
    expect(isAllowedHost('localhost')).toBe(true);
    expect(isAllowedHost('[::1]:3000')).toBe(true);
    expect(isAllowedHost('LOCALHOST:80')).toBe(true);
  });

  it('refuses other names (DNS rebinding) and a missing header', () => {
    expect(isAllowedHost('evil.example:3000')).toBe(false);
    expect(isAllowedHost('127.0.0.1.evil.example')).toBe(false);
    expect(isAllowedHost(null)).toBe(false);
  });

  it('accepts configured names', () => {
    expect(isAllowedHost('scaleguard.internal:443', ['scaleguard.internal'])).toBe(true);
  });
});
