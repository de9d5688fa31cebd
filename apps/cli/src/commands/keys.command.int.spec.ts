import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/transport-node';
import { ApiKeyStore } from '@vigil/http';
import { connectNats } from '@vigil/messaging';
import { removeKeys } from '../../../../test/support/api-keys';
import { runVigil } from '../../../../test/support/cli';

const NATS_URL = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';
const tenant = `cli${randomUUID().slice(0, 8)}`;

const vigil = (...args: string[]) => runVigil(args, { VIGIL_NATS_URL: NATS_URL });

// Each run starts the CLI from TypeScript sources: seconds apiece on a busy machine.
describe('vigil keys', { timeout: 120_000 }, () => {
  let nc: NatsConnection;
  let store: ApiKeyStore;

  beforeAll(async () => {
    nc = await connectNats(NATS_URL, 'keys-cli-spec');
    store = await ApiKeyStore.open(nc);
  });

  afterAll(async () => {
    if (nc) await removeKeys(nc, tenant);
    await nc?.close();
  });

  it('create prints only the new key, which the store accepts for its tenant and role', async () => {
    const { code, stdout, stderr } = await vigil('keys', 'create', '--role', 'operator', '--tenant', tenant, '--label', 'ci runner');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[A-Za-z0-9_-]{32,}\n$/);
    expect(stderr).toMatch(/key_[0-9a-f]{16}/);
    expect(await store.verify(stdout.trim())).toMatchObject({ tenant, role: 'operator' });
  });

  it('list shows ids, roles and labels but never a key or hash; revoke refuses the key from then on', async () => {
    const key = (await vigil('keys', 'create', '--role', 'reader', '--tenant', tenant)).stdout.trim();
    const principal = await store.verify(key);
    const hash = (await store.get(principal!.keyId))!.hash;

    const json = await vigil('keys', 'list', '--tenant', tenant, '--json');
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as { id: string; role: string; tenant: string; revokedAt?: string }[];
    expect(listed.find((k) => k.id === principal!.keyId)).toMatchObject({ tenant, role: 'reader' });
    expect(listed.every((k) => k.tenant === tenant)).toBe(true);
    const table = await vigil('keys', 'list', '--tenant', tenant);
    expect(table.stdout).toMatch(new RegExp(`${principal!.keyId}\\s+${tenant}\\s+reader\\s+active`));
    for (const out of [json.stdout, table.stdout]) {
      expect(out).not.toContain(key);
      expect(out).not.toContain(hash);
    }

    const revoked = await vigil('keys', 'revoke', principal!.keyId);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked ${principal!.keyId}`);
    expect(await store.verify(key)).toBeUndefined();
    const after = JSON.parse((await vigil('keys', 'list', '--tenant', tenant, '--json')).stdout) as { id: string; revokedAt?: string }[];
    expect(after.find((k) => k.id === principal!.keyId)?.revokedAt).toEqual(expect.any(String));
  });

  it('revoking an unknown id fails with exit code 1 and says so', async () => {
    const { code, stderr } = await vigil('keys', 'revoke', 'key_0000000000000000');
    expect(code).toBe(1);
    expect(stderr).toMatch(/no API key 'key_0000000000000000'/);
  });

  it('bad usage exits 2 with a message and creates nothing', async () => {
    const before = (await store.list(tenant)).length;
    const runs = await Promise.all([
      vigil('keys', 'create', '--tenant', tenant),
      vigil('keys', 'create', '--role', 'root', '--tenant', tenant),
      vigil('keys', 'revoke'),
      vigil('keys', 'list', '--bogus'),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs.map((r) => r.stdout)).toEqual(['', '', '', '']);
    expect(runs[0].stderr).toMatch(/missing --role/);
    expect(runs[1].stderr).toMatch(/role must be one of reader, operator, admin/);
    expect(runs[2].stderr).toMatch(/missing the key ID/);
    expect(runs[3].stderr).toMatch(/Unknown option '--bogus'/);
    expect((await store.list(tenant)).length).toBe(before);
  });

  it('each sub-command explains itself with --help', async () => {
    const runs = await Promise.all(['create', 'list', 'revoke'].map((sub) => vigil('keys', sub, '--help')));
    for (const [i, sub] of ['create', 'list', 'revoke'].entries()) {
      expect(runs[i].code).toBe(0);
      expect(runs[i].stdout).toMatch(new RegExp(`^Usage: vigil keys ${sub}`));
    }
  });
});
