import type { NatsConnection } from '@nats-io/transport-node';
import { createClickHouse, type ClickHouse } from './clickhouse';
import { withKvLock } from './kv-lock';
import { loadMigrations, type MigrationFile } from './migration-files';
import { ident, raw, sql } from './sql-binder';

export interface MigrationRunnerOptions {
  clickhouse: { url: string; database: string };
  /** Folder of `NNNN_name.sql` files; the product's is libs/read-models/migrations. */
  directory: string;
  /** Caller-owned connection to JetStream, used only for the lock. */
  nats: NatsConnection;
  lock?: { bucket?: string; ttlMs?: number; waitMs?: number };
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';

  constructor(
    readonly file: string,
    readonly recorded: string,
    readonly current: string,
  ) {
    super(`migration ${file} changed after it was applied (recorded sha256 ${recorded}, file now ${current})`);
  }
}

interface AppliedRow {
  version: string;
  name: string;
  checksum: string;
}

const DEFAULT_LOCK = { bucket: 'vigil_migration_locks', ttlMs: 30_000, waitMs: 5 * 60_000 };

/**
 * Applies each migration file once, in order, under a JetStream KV lock per database.
 * A file is recorded only after all its statements ran, so statements should be
 * idempotent (`IF NOT EXISTS`) in case a run dies halfway through a file.
 */
export async function runMigrations(options: MigrationRunnerOptions): Promise<MigrationReport> {
  const files = await loadMigrations(options.directory); // fail on a bad folder before touching servers
  const { database } = options.clickhouse;
  await createDatabase(options.clickhouse.url, database);
  const lock = { ...DEFAULT_LOCK, ...options.lock, key: `migrate.${database}` };
  const ch = createClickHouse(options.clickhouse);
  try {
    return await withKvLock(options.nats, lock, () => migrate(ch, files));
  } finally {
    await ch.close();
  }
}

async function createDatabase(url: string, database: string): Promise<void> {
  const server = createClickHouse({ url });
  try {
    await server.command(sql`CREATE DATABASE IF NOT EXISTS ${ident(database)}`);
  } finally {
    await server.close();
  }
}

async function migrate(ch: ClickHouse, files: MigrationFile[]): Promise<MigrationReport> {
  const applied = await appliedMigrations(ch);
  assertUnchanged(files, applied);
  const pending = files.filter((file) => !applied.has(file.version));
  for (const file of pending) await apply(ch, file);
  return {
    applied: pending.map((file) => file.name),
    alreadyApplied: files.filter((file) => applied.has(file.version)).map((file) => file.name),
  };
}

async function appliedMigrations(ch: ClickHouse): Promise<Map<string, AppliedRow>> {
  await ch.command(sql`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version String, name String, checksum String, applied_at DateTime
    ) ENGINE = MergeTree ORDER BY version`);
  const rows = await ch.query<AppliedRow>(sql`SELECT version, name, checksum FROM schema_migrations ORDER BY version`);
  return new Map(rows.map((row) => [row.version, row]));
}

function assertUnchanged(files: MigrationFile[], applied: Map<string, AppliedRow>): void {
  for (const file of files) {
    const row = applied.get(file.version);
    if (row && row.checksum !== file.checksum) throw new MigrationChecksumError(file.name, row.checksum, file.checksum);
  }
}

async function apply(ch: ClickHouse, file: MigrationFile): Promise<void> {
  // Migration files are trusted product code, hence raw().
  for (const statement of file.statements) await ch.command(raw(statement));
  await ch.insert('schema_migrations', [
    { version: file.version, name: file.name, checksum: file.checksum, applied_at: new Date() },
  ]);
}
