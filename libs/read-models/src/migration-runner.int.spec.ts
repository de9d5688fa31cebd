import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouse } from './clickhouse';
import { MigrationChecksumError, runMigrations, type MigrationRunnerOptions } from './migration-runner';
import { LockTimeoutError } from './kv-lock';
import { ident, sql } from './sql-binder';
import { clickhouseUrl, natsUrl, randomRun } from '../../../test/support/servers';

// Plain INSERTs are not idempotent: a second application shows up as a second row.
const FIXTURES: Record<string, string> = {
  '0001_log.sql':
    "CREATE TABLE IF NOT EXISTS applied_log (file String) ENGINE = MergeTree ORDER BY file;\nINSERT INTO applied_log VALUES ('0001');\n",
  '0002_slow.sql': "SELECT sleep(0.5);\nINSERT INTO applied_log VALUES ('0002');\n",
  '0003_more.sql': "INSERT INTO applied_log VALUES ('0003');\n",
};

const server = createClickHouse({ url: clickhouseUrl });
const databases: string[] = [];
const directories: string[] = [];
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
});
afterAll(async () => {
  for (const db of databases) await server.command(sql`DROP DATABASE IF EXISTS ${ident(db)}`);
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
  await server.close();
  await nc.drain();
});

async function fixtureFolder(files: Record<string, string> = FIXTURES): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-migrations-'));
  directories.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

function options(directory: string, database: string, lock?: MigrationRunnerOptions['lock']): MigrationRunnerOptions {
  if (!databases.includes(database)) databases.push(database);
  return { clickhouse: { url: clickhouseUrl, database }, directory, nats: nc, lock };
}

async function appliedLog(database: string): Promise<string[]> {
  const rows = await server.query<{ file: string }>(sql`SELECT file FROM ${ident(database, 'applied_log')} ORDER BY file`);
  return rows.map((row) => row.file);
}

describe('migration runner', () => {
  it('applies each migration exactly once when two runners start together on a fresh database', async () => {
    const database = `vigil_migrate_test_${randomRun(6)}`;
    const dir = await fixtureFolder();
    const [a, b] = await Promise.all([runMigrations(options(dir, database)), runMigrations(options(dir, database))]);

    expect(await appliedLog(database)).toEqual(['0001', '0002', '0003']);
    expect([a.applied, b.applied].sort((x, y) => y.length - x.length)).toEqual([
      ['0001_log.sql', '0002_slow.sql', '0003_more.sql'],
      [],
    ]);
    const recorded = await server.query<{ version: string }>(
      sql`SELECT version FROM ${ident(database, 'schema_migrations')} ORDER BY version`,
    );
    expect(recorded.map((r) => r.version)).toEqual(['0001', '0002', '0003']);
  });

  it('applies nothing on a re-run and only the new file when one is added', async () => {
    const database = `vigil_migrate_test_${randomRun(6)}`;
    const dir = await fixtureFolder();
    await runMigrations(options(dir, database));

    expect(await runMigrations(options(dir, database))).toEqual({
      applied: [],
      alreadyApplied: ['0001_log.sql', '0002_slow.sql', '0003_more.sql'],
    });
    await writeFile(join(dir, '0004_new.sql'), "INSERT INTO applied_log VALUES ('0004');\n");
    expect((await runMigrations(options(dir, database))).applied).toEqual(['0004_new.sql']);
    expect(await appliedLog(database)).toEqual(['0001', '0002', '0003', '0004']);
  });

  it('refuses to run when an applied file was changed, and applies nothing else', async () => {
    const database = `vigil_migrate_test_${randomRun(6)}`;
    const dir = await fixtureFolder();
    await runMigrations(options(dir, database));
    await writeFile(join(dir, '0002_slow.sql'), "INSERT INTO applied_log VALUES ('edited');\n");
    await writeFile(join(dir, '0004_new.sql'), "INSERT INTO applied_log VALUES ('0004');\n");

    const error = await runMigrations(options(dir, database)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as MigrationChecksumError).file).toBe('0002_slow.sql');
    expect(await appliedLog(database)).toEqual(['0001', '0002', '0003']);
  });

  it('takes over the lock of a crashed holder once its TTL has passed', async () => {
    const database = `vigil_migrate_test_${randomRun(6)}`;
    const bucket = `vigil_test_locks_${database}`;
    const lock = { bucket, ttlMs: 1_500, waitMs: 10_000 };
    const kv = await new Kvm(nc).create(bucket, { ttl: lock.ttlMs, history: 1 });
    await kv.create(`migrate.${database}`, JSON.stringify({ holder: 'crashed' })); // never released, never refreshed

    const started = Date.now();
    const report = await runMigrations(options(await fixtureFolder(), database, lock));
    expect(report.applied).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    await kv.destroy();
  });

  it('gives up with a clear error while a live holder keeps the lock', async () => {
    const database = `vigil_migrate_test_${randomRun(6)}`;
    const bucket = `vigil_test_locks_${database}`;
    const kv = await new Kvm(nc).create(bucket, { ttl: 60_000, history: 1 });
    await kv.create(`migrate.${database}`, JSON.stringify({ holder: 'busy' }));

    const run = runMigrations(options(await fixtureFolder(), database, { bucket, ttlMs: 60_000, waitMs: 500 }));
    await expect(run).rejects.toThrow(LockTimeoutError);
    await expect(run).rejects.toThrow(/busy/);
    await kv.destroy();
  });
});
