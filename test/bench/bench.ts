/**
 * `npm run bench`: throughput and latency figures, each compared with this machine's raw NATS and
 * ClickHouse rates measured in the same run. Uses its own JetStream streams and ClickHouse database
 * (removed at the end), so it runs beside `npm start` without touching its data.
 * `npm run bench -- --only <name>` runs one part (baselines always run).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@vigil/config';
import { connectNats } from '@vigil/messaging';
import { createClickHouse, ident, sql } from '@vigil/read-models';
import { BenchReport } from './bench-report';
import { BenchContext, parts, type BenchPart } from './bench-parts';

/** Each `parts/*.bench-part.ts` exports `part`: new figures join without editing a shared list. */
function discoveredParts(): BenchPart[] {
  const dir = path.resolve(__dirname, 'parts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench-part.ts')).sort();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return files.map((f) => (require(path.join(dir, f)) as { part: BenchPart }).part);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, records: { type: 'string' } } });
  const config = loadConfig();
  const nc = await connectNats(config.natsUrl, 'vigil-bench');
  const database = 'vigil_bench';
  const admin = createClickHouse({ url: config.clickhouseUrl });
  await admin.command(sql`CREATE DATABASE IF NOT EXISTS ${ident(database)}`);
  const clickhouse = createClickHouse({ url: config.clickhouseUrl, database });
  const report = new BenchReport();
  const ctx = new BenchContext(nc, clickhouse, report, Number(values.records ?? 1_000_000));
  try {
    for (const part of [...parts, ...discoveredParts()]) {
      if (part.baseline || !values.only || part.name === values.only) {
        process.stderr.write(`bench: ${part.name}...\n`);
        await part.run(ctx);
      }
    }
  } finally {
    await ctx.cleanup();
    await admin.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
    await clickhouse.close();
    await admin.close();
    await nc.close();
  }
  report.print();
  report.write(path.resolve(__dirname, '../..'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
