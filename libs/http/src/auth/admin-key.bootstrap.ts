import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { API_KEYS_BUCKET, type ApiKeyStore } from './api-key.store';

/** Claimed with kv.create, so of two APIs starting at once on an empty bucket only one mints the key. */
const BOOTSTRAP_MARKER = 'meta.bootstrap';

export const ADMIN_KEY_FILE = 'admin.key';

/** admin.key for the product's bucket; another bucket (a test's) gets its own file, so it never overwrites the real key. */
export const adminKeyFileFor = (bucket: string): string => (bucket === API_KEYS_BUCKET ? ADMIN_KEY_FILE : `admin.${bucket}.key`);

/**
 * On the very first start (no key at all) creates an admin key for `tenant` and writes it, alone,
 * to `<dataDir>/admin.key` (mode 0600). Returns that path, or undefined when keys already exist.
 */
export async function bootstrapAdminKey(store: ApiKeyStore, dataDir: string, tenant: string, bucket: string = API_KEYS_BUCKET): Promise<string | undefined> {
  if (await store.hasAnyKey()) return undefined;
  try {
    await store.kv.create(BOOTSTRAP_MARKER, JSON.stringify({ at: new Date().toISOString() }));
  } catch {
    return undefined; // another process claimed the first start
  }
  const { key } = await store.create('admin', tenant, 'first admin key');
  const file = path.join(dataDir, adminKeyFileFor(bucket));
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // the mode above applies only when the file is new
  return file;
}
