// Test support for the registry's e2e specs (not a spec itself): the registry API on the real
// servers, a random tenant, its own API key bucket and a clock the test moves.
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RecordedEvent } from '@vigil/events';
import type { EventStore } from '@vigil/event-store';
import { EVENT_STORE, NATS, PlatformModule } from '@vigil/platform';
import { createKey } from '../../../../../test/support/api-keys';
import { AuthModule } from '../../auth/auth.module';
import { configureHttp } from '../../http-app';
import { RegistryModule } from '../registry.module';
import { registryStream, type RegistryEntity } from './registry-streams';

export interface Reply<T = any> {
  status: number;
  body: T;
  etag: string | null;
}

export interface RegistryTestApp {
  tenant: string;
  /** The clock every write rule reads; move `clock.now` to travel in time. */
  clock: { now: number };
  /** As an operator of the tenant (writes allowed). */
  call<T = any>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  /** GET as a reader of the tenant. */
  read<T = any>(url: string): Promise<Reply<T>>;
  /** Any request as a reader of the tenant (writes need an operator). */
  asReader<T = any>(method: string, url: string, body?: unknown): Promise<Reply<T>>;
  /** What the event store holds for one entity's stream. */
  events(entity: RegistryEntity, key: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export interface RegistryTestOptions {
  now?: number;
  /** Another app's tenant: a second process over the same data. */
  tenant?: string;
}

export async function startRegistryApp({ now = Date.UTC(2025, 5, 2, 10), tenant = `t${randomUUID().slice(0, 8)}` }: RegistryTestOptions = {}): Promise<RegistryTestApp> {
  const bucket = `test_api_keys_${randomUUID().slice(0, 8)}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-registry-e2e-'));
  process.env.VIGIL_DATA_DIR = dataDir; // each spec file runs in its own process
  const clock = { now };
  @Module({ imports: [PlatformModule, AuthModule.withBucket(bucket), RegistryModule.withClock(() => clock.now)] })
  class RegistryTestModule {}
  const app: INestApplication = configureHttp(await NestFactory.create(RegistryTestModule, { logger: false }));
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const nc = app.get<NatsConnection>(NATS);
  const store = app.get<EventStore>(EVENT_STORE);
  const operator = await createKey(nc, 'operator', tenant, { bucket });
  const reader = await createKey(nc, 'reader', tenant, { bucket });

  const request = async (key: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
  };

  return {
    tenant,
    clock,
    call: (method, url, body, headers) => request(operator, method, url, body, headers),
    read: (url) => request(reader, 'GET', url),
    asReader: (method, url, body) => request(reader, method, url, body),
    events: (entity, key) => store.readStream(registryStream(tenant, entity, key)),
    async close() {
      await new Kvm(nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
