// Test support for e2e specs of API routes: the given API modules over a random ClickHouse database with
// the product's migrations, their own API-key bucket, two random tenants and, if asked, their own event stream.
// Not exported from index.ts: it loads the API app's modules, which library specs do not need.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module, type INestApplication, type ModuleMetadata, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@vigil/config';
import { JetStreamEventStore } from '@vigil/event-store';
import type { Role } from '@vigil/http';
import type { ClickHouse } from '@vigil/read-models';
import { AuthModule } from '../../apps/api/src/auth/auth.module';
import { configureHttp } from '../../apps/api/src/http-app';
import { createKey } from './api-keys';
import { createTestDatabase } from './clickhouse-database';
import { natsUrl, randomRun } from './servers';
import { testPlatformModule, type TestPlatform } from './test-platform';

export interface TestApiOptions extends Pick<TestPlatform, 'config' | 'metrics' | 'providers'> {
  /** Open an event store on a JetStream stream of the app's own (named here, or after `name`) and provide it as EVENT_STORE. */
  events?: boolean | { stream: string; prefix: string };
  /** The random suffix of the database, stream and tenant names, when the test derives its own names from it. */
  id?: string;
  /** Providers of the app module itself (services the API modules do not bring). */
  appProviders?: Provider[];
  /** Further JetStream streams the app creates (dead letters...), deleted on close. */
  streams?: string[];
}

export interface TestApi {
  nc: NatsConnection;
  ch: ClickHouse;
  database: string;
  /** With `events`: the app's event store and its stream; deleted on close. */
  store?: JetStreamEventStore;
  events?: { stream: string; prefix: string };
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
export async function startTestApi(name: string, imports: NonNullable<ModuleMetadata['imports']>, options: TestApiOptions = {}): Promise<TestApi> {
  const id = options.id ?? randomRun();
  const database = `vigil_${name}_${id}`;
  const bucket = `keys_${database}`;
  // The bucket is new: its first admin key is written here, not to .data, and removed on close.
  const dataDir = await mkdtemp(path.join(tmpdir(), `${database}-`));
  const nc = await connect({ servers: natsUrl });
  const db = await createTestDatabase(nc, { database });
  const ch = db.clickhouse;
  const events = typeof options.events === 'object' ? options.events : options.events ? { stream: `VIGIL_TEST_${name.toUpperCase()}_${id}`, prefix: `vigil.test-${name.replace(/_/g, '-')}-${id}` } : undefined;
  const store = events ? await JetStreamEventStore.open(nc, events) : undefined;
  const { metrics, providers } = options;
  const config = { ...(options.config ?? loadConfig()), dataDir };
  @Module({ imports: [testPlatformModule({ nats: nc, clickhouse: ch, store, config, metrics, providers }), AuthModule.withBucket(bucket), ...imports], providers: options.appProviders ?? [] })
  class TestApp {}
  const app: INestApplication = configureHttp(await NestFactory.create(TestApp, { logger: false }));
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const tenants = { a: `ta_${id}`, b: `tb_${id}` };
  const key = (role: Role, tenant: string) => createKey(nc, role, tenant, { bucket });
  const reader = await key('reader', tenants.a);
  return {
    nc,
    ch,
    database,
    store,
    events,
    base,
    tenants,
    reader,
    key,
    async close() {
      await app.close();
      const jsm = await jetstreamManager(nc);
      for (const stream of [`KV_${bucket}`, ...(events ? [events.stream] : []), ...(options.streams ?? [])]) await jsm.streams.delete(stream).catch(() => undefined);
      await db.drop();
      await nc.drain();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
