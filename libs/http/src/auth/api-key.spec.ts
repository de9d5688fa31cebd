import { describe, expect, it } from 'vitest';
import { generateKey, generateKeyId, hashKey, invalidKeyRequest, isKeyId, isWellFormedKey, roleSatisfies, toInfo } from './api-key';
import { namedTenant, presentedKey } from './api-key.guard';

describe('API keys', () => {
  it('are at least 32 URL-safe characters and never repeat', () => {
    const keys = Array.from({ length: 200 }, generateKey);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('are stored as a SHA-256 that does not contain the key', () => {
    const key = generateKey();
    expect(hashKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey(key)).toBe(hashKey(key));
    expect(hashKey(key)).not.toContain(key);
    expect(hashKey(`${key}x`)).not.toBe(hashKey(key));
  });

  it('have ids the CLI can revoke by', () => {
    expect(isKeyId(generateKeyId())).toBe(true);
    expect(isKeyId('hash.abc')).toBe(false);
    expect(isKeyId('>')).toBe(false);
  });

  it('refuse presented strings that cannot be keys before hashing them', () => {
    expect(isWellFormedKey(generateKey())).toBe(true);
    expect(isWellFormedKey('short')).toBe(false);
    expect(isWellFormedKey('a'.repeat(40) + ' ')).toBe(false);
    expect(isWellFormedKey('a'.repeat(5000))).toBe(false);
  });

  it('listings drop the hash', () => {
    const info = toInfo({ id: 'key_0123456789abcdef', tenant: 't', role: 'reader', hash: 'h', createdAt: '2024-01-01T00:00:00.000Z' });
    expect(info).not.toHaveProperty('hash');
    expect(info).toMatchObject({ id: 'key_0123456789abcdef', tenant: 't', role: 'reader' });
  });
});

describe('roles nest admin ⊇ operator ⊇ reader', () => {
  it.each([
    ['reader', 'reader', true],
    ['reader', 'operator', false],
    ['reader', 'admin', false],
    ['operator', 'reader', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'reader', true],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
  ] as const)('a %s key on a %s route: %s', (granted, required, ok) => expect(roleSatisfies(granted, required)).toBe(ok));
});

describe('key requests', () => {
  it('accept a known role, an identifier tenant and an optional label', () => {
    expect(invalidKeyRequest('operator', 'egi-prod_1')).toBeUndefined();
    expect(invalidKeyRequest('admin', 'default', 'ops laptop')).toBeUndefined();
  });

  it.each([
    ['root', 'default', undefined, /role must be one of reader, operator, admin/],
    ['reader', '', undefined, /tenant/],
    ['reader', 'a.b', undefined, /tenant/],
    ['reader', 'x'.repeat(65), undefined, /tenant/],
    ['reader', 'default', '  ', /label/],
    ['reader', 'default', 'l'.repeat(201), /label/],
  ])('refuse role %j tenant %j label %j', (role, tenant, label, reason) => expect(invalidKeyRequest(role, tenant, label)).toMatch(reason));
});

describe('presented keys', () => {
  it('come from a Bearer Authorization header or x-api-key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toEqual({ key: 'abc' });
    expect(presentedKey({ authorization: 'bearer  abc ' })).toEqual({ key: 'abc' });
    expect(presentedKey({ 'x-api-key': 'abc' })).toEqual({ key: 'abc' });
    expect(presentedKey({ authorization: 'Bearer abc', 'x-api-key': 'abc' })).toEqual({ key: 'abc' });
  });

  it('explain what is wrong when missing, of another scheme or conflicting', () => {
    expect(presentedKey({})).toEqual({ error: expect.stringMatching(/API key is required/) });
    expect(presentedKey({ authorization: 'Basic dXNlcjpwdw==' })).toEqual({ error: expect.stringMatching(/Bearer <API key>/) });
    expect(presentedKey({ authorization: 'Bearer a', 'x-api-key': 'b' })).toEqual({ error: expect.stringMatching(/different keys/) });
  });

  it('a route names a tenant by path parameter or query', () => {
    expect(namedTenant({ params: { tenant: 'a' } })).toBe('a');
    expect(namedTenant({ params: {}, query: { tenant: 'b' } })).toBe('b');
    expect(namedTenant({ params: { site: 'x' }, query: {} })).toBeUndefined();
  });
});
