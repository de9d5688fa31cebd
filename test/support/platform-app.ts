// The whole platform as `npm start` runs it, in-process, on a random ClickHouse database and API-key bucket
// of its own (set through the env that createPlatformApp reads). Not exported from index.ts: it loads the apps.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { EVENTS_STREAM } from '@vigil/event-store';
import { createClickHouse, ident, sql } from '@vigil/read-models';
import { createPlatformApp } from '../../apps/api/src/platform-app';
import { migrate } from '../../apps/cli/src/commands/migrate.command';
import { clickhouseUrl, natsUrl } from './servers';

export interface PlatformTestApp {
  app: INestApplication;
  /** The app's database: its projectors' durable names include it. */
  database: string;
  /** The app's origin (random port on loopback). */
  base: string;
  /** Closes the app, then deletes its consumers, key bucket, data dir and database, and unsets the env it set. */
  close(): Promise<void>;
}

/** A database name no other run uses, for startPlatformApp. */
export const randomPlatformDatabase = (prefix: string): string => `${prefix}_${randomUUID().slice(0, 8)}`;

/** Starts the platform on `database` (random: see randomPlatformDatabase); the key bucket is `keys_<database>`. */
export async function startPlatformApp(database: string): Promise<PlatformTestApp> {
  process.env.VIGIL_CLICKHOUSE_DATABASE = database;
  const dataDir = `/tmp/${database}`; // where the bucket's first admin key goes; removed on close
  process.env.VIGIL_DATA_DIR = dataDir;
  process.env.VIGIL_API_KEYS_BUCKET = `keys_${database}`; // the first-start admin key of the real bucket stays untouched
  await migrate();
  const app = await createPlatformApp();
  await app.listen(0, '127.0.0.1');
  return {
    app,
    database,
    base: await app.getUrl(),
    async close() {
      await app.close(); // drains the app's own connection: clean up on a fresh one
      const nc = await connect({ servers: natsUrl });
      const jsm = await jetstreamManager(nc);
      for await (const c of jsm.consumers.list(EVENTS_STREAM)) if (c.name.includes(database)) await jsm.consumers.delete(EVENTS_STREAM, c.name);
      await jsm.streams.delete(`KV_keys_${database}`).catch(() => undefined);
      await nc.close();
      const admin = createClickHouse({ url: clickhouseUrl });
      await admin.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
      await admin.close();
      delete process.env.VIGIL_CLICKHOUSE_DATABASE;
      delete process.env.VIGIL_API_KEYS_BUCKET;
      await rm(dataDir, { recursive: true, force: true });
      delete process.env.VIGIL_DATA_DIR;
    },
  };
}
