import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { NotFound } from '@vigil/domain';
import { connectNats } from '@vigil/messaging';
import { bootstrapAdminKey } from './admin-key.bootstrap';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyStore, InvalidApiKeyRequest } from './api-key.store';

const NATS_URL = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';
const suffix = () => randomUUID().slice(0, 8);

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ApiKeyStore on JetStream KV', () => {
  const bucket = `test_api_keys_${suffix()}`;
  let nc: NatsConnection;
  let other: NatsConnection;
  let store: ApiKeyStore;

  beforeAll(async () => {
    nc = await connectNats(NATS_URL, 'api-key-store-spec');
    other = await connectNats(NATS_URL, 'api-key-cache-spec');
    store = await ApiKeyStore.open(nc, bucket);
  });

  afterAll(async () => {
    await new Kvm(nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
    await other?.close();
    await nc?.close();
  });

  it('verifies a created key as its tenant and role', async () => {
    const tenant = `t${suffix()}`;
    const { id, key } = await store.create('operator', tenant, 'ci');
    expect(key).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(await store.verify(key)).toEqual({ keyId: id, tenant, role: 'operator' });
    expect(await store.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
  });

  it('lists keys per tenant, oldest first, without keys or hashes', async () => {
    const tenant = `t${suffix()}`;
    const first = await store.create('reader', tenant);
    const second = await store.create('admin', tenant, 'ops');
    await store.create('reader', `t${suffix()}`);
    const listed = await store.list(tenant);
    expect(listed.map((k) => k.id)).toEqual([first.id, second.id]);
    expect(listed[1]).toEqual({ id: second.id, tenant, role: 'admin', label: 'ops', createdAt: expect.any(String) });
    const text = JSON.stringify(await store.list());
    expect(text).not.toContain(first.key);
    expect(text).not.toContain(first.record.hash);
    expect((await store.list()).length).toBeGreaterThanOrEqual(3);
  });

  it('a revoked key no longer verifies and shows when it was revoked', async () => {
    const tenant = `t${suffix()}`;
    const { id, key } = await store.create('admin', tenant);
    const revoked = await store.revoke(id);
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect(await store.verify(key)).toBeUndefined();
    expect(await store.revoke(id)).toEqual(revoked);
    expect((await store.list(tenant))[0].revokedAt).toBe(revoked.revokedAt);
  });

  it('revoking an unknown id is a NotFound', async () => {
    await expect(store.revoke('key_0000000000000000')).rejects.toBeInstanceOf(NotFound);
    await expect(store.revoke('hash.>')).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses a bad role or tenant and stores nothing', async () => {
    const before = (await store.list()).length;
    await expect(store.create('root' as 'admin', 'default')).rejects.toBeInstanceOf(InvalidApiKeyRequest);
    await expect(store.create('reader', 'a.b')).rejects.toThrow(/tenant/);
    expect((await store.list()).length).toBe(before);
  });

  it('never holds a key in the bucket, only its hash', async () => {
    const created = await Promise.all([store.create('reader', `t${suffix()}`), store.create('admin', `t${suffix()}`)]);
    await store.revoke(created[0].id);
    const stored: string[] = [];
    for await (const entry of await store.kv.history()) stored.push(`${entry.key} ${entry.string()}`);
    expect(stored.some((s) => s.includes(created[1].record.hash))).toBe(true);
    for (const { key } of created) expect(stored.join('\n')).not.toContain(key);
  });

  it('a cache on another connection sees keys created and revoked there within a second', async () => {
    const cache = await ApiKeyCache.start(await ApiKeyStore.open(other, bucket));
    try {
      const tenant = `t${suffix()}`;
      const { id, key } = await store.create('reader', tenant);
      const loaded = cache.size;
      expect(await cache.verify(key)).toEqual({ keyId: id, tenant, role: 'reader' });
      await store.create('reader', tenant);
      await until(() => cache.size === loaded + 1, 1000);
      await store.revoke(id);
      await until(async () => (await cache.verify(key)) === undefined, 1000);
    } finally {
      await cache.close();
    }
  });

  it('a cache started on existing keys knows them and their revocations', async () => {
    const tenant = `t${suffix()}`;
    const live = await store.create('operator', tenant);
    const dead = await store.create('operator', tenant);
    await store.revoke(dead.id);
    const cache = await ApiKeyCache.start(await ApiKeyStore.open(other, bucket));
    try {
      expect(cache.size).toBeGreaterThanOrEqual(2);
      expect(await cache.verify(live.key)).toMatchObject({ tenant, role: 'operator' });
      expect(await cache.verify(dead.key)).toBeUndefined();
    } finally {
      await cache.close();
    }
  });
});

describe('first start', () => {
  const bucket = `test_api_keys_${suffix()}`;
  let nc: NatsConnection;
  let dir: string;

  beforeAll(async () => {
    nc = await connectNats(NATS_URL, 'admin-key-bootstrap-spec');
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-auth-'));
  });

  afterAll(async () => {
    await new Kvm(nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
    await nc?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one admin key for the default tenant to a 0600 file, once', async () => {
    const store = await ApiKeyStore.open(nc, bucket);
    const dataDir = path.join(dir, 'data');
    const [a, b] = await Promise.all([bootstrapAdminKey(store, dataDir, 'default'), bootstrapAdminKey(await ApiKeyStore.open(nc, bucket), dataDir, 'default')]);
    const file = a ?? b;
    expect(file).toBe(path.join(dataDir, 'admin.key'));
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const content = await readFile(file!, 'utf8');
    expect(content).toMatch(/^[A-Za-z0-9_-]{32,}\n$/);
    expect((await stat(file!)).mode & 0o777).toBe(0o600);
    expect(await store.verify(content.trim())).toMatchObject({ tenant: 'default', role: 'admin' });
    expect(await bootstrapAdminKey(store, dataDir, 'default')).toBeUndefined();
    expect(await store.list()).toHaveLength(1);
  });

  it('creates nothing when keys already exist', async () => {
    const bucket2 = `test_api_keys_${suffix()}`;
    const store = await ApiKeyStore.open(nc, bucket2);
    try {
      await store.create('reader', 'default');
      expect(await bootstrapAdminKey(store, path.join(dir, 'other'), 'default')).toBeUndefined();
      expect(await store.list()).toHaveLength(1);
      await expect(stat(path.join(dir, 'other', 'admin.key'))).rejects.toThrow();
    } finally {
      await store.kv.destroy();
    }
  });
});
