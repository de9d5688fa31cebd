import type { NatsConnection } from '@nats-io/transport-node';
import { createClickHouse, ident, productMigrationsDirectory, runMigrations, sql, type ClickHouse } from '@vigil/read-models';
import { clickhouseUrl, randomRun } from './servers';

export interface TestDatabase {
  /** The random database name: include it in durable names so parallel runs never share a consumer. */
  database: string;
  /** A client bound to the database. */
  clickhouse: ClickHouse;
  /** Drops the database and closes the client: call in afterAll. */
  drop(): Promise<void>;
}

/**
 * Creates a ClickHouse database of its own for a test file, with every product migration applied:
 * named `<prefix>_<random>`, or exactly `database` when the test derives other names from it first.
 */
export async function createTestDatabase(nats: NatsConnection, options: { prefix?: string; database?: string } = {}): Promise<TestDatabase> {
  const database = options.database ?? `${options.prefix ?? 'vigil_test'}_${randomRun(6)}`;
  await runMigrations({ clickhouse: { url: clickhouseUrl, database }, directory: productMigrationsDirectory, nats });
  const clickhouse = createClickHouse({ url: clickhouseUrl, database });
  return {
    database,
    clickhouse,
    async drop() {
      await clickhouse.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
      await clickhouse.close();
    },
  };
}
