import type { NatsConnection } from '@nats-io/transport-node';
import { ApiKeyStore, API_KEYS_BUCKET, type Role } from '@vigil/http';

/**
 * Creates an API key in the bucket the API under test watches and returns the key.
 * Use a random tenant per test so suites can share the bucket.
 */
export async function createKey(nc: NatsConnection, role: Role, tenant: string, options: { label?: string; bucket?: string } = {}): Promise<string> {
  const store = await ApiKeyStore.open(nc, options.bucket ?? API_KEYS_BUCKET);
  return (await store.create(role, tenant, options.label ?? 'e2e test')).key;
}

/** Revokes every key of a tenant: call in afterAll so test keys do not pile up as live credentials. */
export async function revokeKeys(nc: NatsConnection, tenant: string, options: { bucket?: string } = {}): Promise<void> {
  const store = await ApiKeyStore.open(nc, options.bucket ?? API_KEYS_BUCKET);
  for (const key of await store.list(tenant)) if (!key.revokedAt) await store.revoke(key.id);
}

/** Request headers carrying a key, for plain fetch. */
export const authHeaders = (key: string, extra: Record<string, string> = {}): Record<string, string> => ({ authorization: `Bearer ${key}`, ...extra });

/** Removes every key of a tenant from the bucket (record and hash index), so test runs leave no trace. */
export async function removeKeys(nc: NatsConnection, tenant: string, options: { bucket?: string } = {}): Promise<void> {
  const store = await ApiKeyStore.open(nc, options.bucket ?? API_KEYS_BUCKET);
  for (const key of await store.list(tenant)) {
    const record = await store.get(key.id);
    if (record) await store.kv.purge(`hash.${record.hash}`);
    await store.kv.purge(key.id);
  }
}
