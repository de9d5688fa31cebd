import { loadConfig } from '@vigil/config';
import { connectNats } from '@vigil/messaging';
import { productMigrationsDirectory, runMigrations, type MigrationReport } from '@vigil/read-models';
import type { CliCommand } from '../command';

/** Applies the product's ClickHouse migrations (each once, under a JetStream KV lock). */
export async function migrate(): Promise<MigrationReport> {
  const config = loadConfig();
  const nats = await connectNats(config.natsUrl, 'vigil-migrate');
  try {
    return await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: config.clickhouseDatabase }, directory: productMigrationsDirectory, nats });
  } finally {
    await nats.close();
  }
}

export const migrateCommand: CliCommand = {
  path: ['migrate'],
  summary: 'apply ClickHouse migrations to VIGIL_CLICKHOUSE_DATABASE',
  help: 'Usage: vigil migrate\n\nApplies every pending migration of libs/read-models/migrations, in order, once.\nPrints the applied migration names as JSON on stdout.',
  async run() {
    const report = await migrate();
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  },
};
