// Test support for e2e specs of read-only routes: the given API modules over a random ClickHouse
// database with the product's migrations, their own API-key bucket and two random tenants.
// Not exported from index.ts: it loads the API app's modules, which library specs do not need.
import { Module, type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { Role } from '@vigil/http';
import type { ClickHouse } from '@vigil/read-models';
import { AuthModule } from '../../apps/api/src/auth/auth.module';
import { configureHttp } from '../../apps/api/src/http-app';
import { createKey } from './api-keys';
import { createTestDatabase } from './clickhouse-database';
import { natsUrl, randomRun } from './servers';
import { testPlatformModule } from './test-platform';

export interface TestApi {
  ch: ClickHouse;
  /** The app's origin (random port on loopback). */
  base: string;
  /** Two tenants of their own: a key of one must never see the other's rows. */
  tenants: { a: string; b: string };
  /** A reader key of tenant a. */
  reader: string;
  key(role: Role, tenant: string): Promise<string>;
  close(): Promise<void>;
}

/** `name` (snake_case) names the database `vigil_<name>_<random>` and the key bucket after it. */
export async function startTestApi(name: string, imports: NonNullable<ModuleMetadata['imports']>): Promise<TestApi> {
  const id = randomRun();
  const database = `vigil_${name}_${id}`;
  const bucket = `keys_${database}`;
  process.env.VIGIL_DATA_DIR = `/tmp/${database}`; // in case this run mints a first admin key
  const nc = await connect({ servers: natsUrl });
  const db = await createTestDatabase(nc, { database });
  const ch = db.clickhouse;
  @Module({ imports: [testPlatformModule({ nats: nc, clickhouse: ch }), AuthModule.withBucket(bucket), ...imports] })
  class TestApp {}
  const app: INestApplication = configureHttp(await NestFactory.create(TestApp, { logger: false }));
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const tenants = { a: `ta_${id}`, b: `tb_${id}` };
  const key = (role: Role, tenant: string) => createKey(nc, role, tenant, { bucket });
  const reader = await key('reader', tenants.a);
  return {
    ch,
    base,
    tenants,
    reader,
    key,
    async close() {
      await app.close();
      await (await jetstreamManager(nc)).streams.delete(`KV_${bucket}`).catch(() => undefined);
      await db.drop();
      await nc.drain();
    },
  };
}
