// Test support for the results e2e spec (not a spec itself): the results routes over a random
// ClickHouse database with the product's migrations, their own API-key bucket, random tenants.
import { randomBytes } from 'node:crypto';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@vigil/config';
import { catalog } from '@vigil/events';
import { CLICKHOUSE, CONFIG, NATS, Readiness, SCHEMAS } from '@vigil/platform';
import { createClickHouse, ident, productMigrationsDirectory, runMigrations, sql, type ClickHouse } from '@vigil/read-models';
import type { Role } from '@vigil/http';
import { authHeaders, createKey } from '../../../../test/support/api-keys';
import { AuthModule } from '../auth/auth.module';
import { configureHttp } from '../http-app';
import { ResultsModule } from './results.module';

export interface Answer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface ResultsTestApp {
  ch: ClickHouse;
  /** Two tenants of their own: a key of one must never see the other's rows. */
  tenants: { a: string; b: string };
  /** GET as a reader of tenant a (or with the given key; '' = no key); JSON bodies parsed. */
  get<T = any>(url: string, options?: { key?: string; accept?: string }): Promise<Answer<T>>;
  key(role: Role, tenant: string): Promise<string>;
  close(): Promise<void>;
}

export async function startResultsApi(): Promise<ResultsTestApp> {
  const id = randomBytes(4).toString('hex');
  const database = `vigil_results_${id}`;
  const bucket = `keys_${database}`;
  const url = process.env.VIGIL_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
  process.env.VIGIL_DATA_DIR = `/tmp/${database}`; // in case this run mints a first admin key
  const nc: NatsConnection = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  await runMigrations({ clickhouse: { url, database }, directory: productMigrationsDirectory, nats: nc });
  const ch = createClickHouse({ url, database });
  @Global()
  @Module({
    providers: [Readiness, { provide: CONFIG, useValue: loadConfig() }, { provide: SCHEMAS, useValue: catalog() }, { provide: NATS, useValue: nc }, { provide: CLICKHOUSE, useValue: ch }],
    exports: [Readiness, CONFIG, SCHEMAS, NATS, CLICKHOUSE],
  })
  class TestPlatformModule {}
  @Module({ imports: [TestPlatformModule, AuthModule.withBucket(bucket), ResultsModule] })
  class TestApp {}
  const app: INestApplication = configureHttp(await NestFactory.create(TestApp, { logger: false }));
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const tenants = { a: `ta_${id}`, b: `tb_${id}` };
  const key = (role: Role, tenant: string) => createKey(nc, role, tenant, { bucket });
  const reader = await key('reader', tenants.a);
  return {
    ch,
    tenants,
    key,
    async get(path, options = {}) {
      const withKey = options.key ?? reader;
      const headers = { ...(withKey ? authHeaders(withKey) : {}), ...(options.accept ? { accept: options.accept } : {}) };
      const res = await fetch(`${base}${path}`, { headers });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('application/json');
      return { status: res.status, body: json && text ? JSON.parse(text) : undefined, text, headers: res.headers };
    },
    async close() {
      await app.close();
      await (await jetstreamManager(nc)).streams.delete(`KV_${bucket}`).catch(() => undefined);
      await ch.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
      await ch.close();
      await nc.drain();
    },
  };
}
