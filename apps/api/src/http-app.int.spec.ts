// Request and correlation ids end to end: response headers, the JSON completion line of each
// request, and the correlation id of the events a request appends (through the real PlatformModule).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventStore } from '@vigil/event-store';
import { createJsonLogger, EVENT_STORE, NATS, PlatformModule, StderrLogger } from '@vigil/platform';
import { createKey } from '../../../test/support/api-keys';
import { AuthModule } from './auth/auth.module';
import { configureHttp } from './http-app';
import { RegistryModule } from './registry/registry.module';
import { registryStream } from './registry/shared/registry-streams';

const tenant = `tlog${randomUUID().slice(0, 8)}`;
const bucket = `test_api_keys_${randomUUID().slice(0, 8)}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const lines: Record<string, any>[] = [];
let raw = '';
let app: INestApplication;
let base: string;
let store: EventStore;
let operator: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-http-logs-'));
  process.env.VIGIL_DATA_DIR = dataDir;
  const destination = {
    write(line: string) {
      raw += line;
      lines.push(JSON.parse(line));
    },
  };
  @Module({ imports: [PlatformModule, AuthModule.withBucket(bucket), RegistryModule.withClock(() => Date.UTC(2025, 5, 2, 10))] })
  class LoggedApp {}
  const logger = new StderrLogger(createJsonLogger({ destination, level: 'info' }));
  app = configureHttp(await NestFactory.create(LoggedApp, { logger }));
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  store = app.get<EventStore>(EVENT_STORE);
  operator = await createKey(app.get<NatsConnection>(NATS), 'operator', tenant, { bucket });
}, 60_000);

afterAll(async () => {
  if (app) {
    await new Kvm(app.get<NatsConnection>(NATS)).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
    await app.close();
  }
  await rm(dataDir, { recursive: true, force: true });
});

const registerNgi = (name: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/ngis`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name, email: 'ops@example.org', scopes: ['EGI'] }),
  });

const ngiEvents = (name: string) => store.readStream(registryStream(tenant, 'ngi', name));

/** The completion line of a request (written once the response has finished). */
async function lineOf(reqId: string): Promise<Record<string, any>> {
  for (let i = 0; i < 50; i++) {
    const line = lines.find((l) => l.reqId === reqId && /^request/.test(l.msg));
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no completion line for request ${reqId}`);
}

describe('request and correlation ids', () => {
  it("stamps the caller's X-Correlation-Id on every event the request appends, and echoes both ids", async () => {
    const res = await registerNgi('NGI_CORR', { 'x-correlation-id': 'incident-4711', 'x-request-id': 'req-abc.1' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('req-abc.1');
    expect(res.headers.get('x-correlation-id')).toBe('incident-4711');
    const events = await ngiEvents('NGI_CORR');
    expect(events.map((e) => [e.type, e.correlationId])).toEqual([['NgiRegistered', 'incident-4711']]);
  });

  it('without ids from the caller: a new UUID request id, which is also the correlation id of the events', async () => {
    const res = await registerNgi('NGI_PLAIN');
    expect(res.status).toBe(201);
    const reqId = res.headers.get('x-request-id')!;
    expect(reqId).toMatch(UUID);
    expect(res.headers.get('x-correlation-id')).toBe(reqId);
    expect((await ngiEvents('NGI_PLAIN')).map((e) => e.correlationId)).toEqual([reqId]);
  });

  it('replaces ids that are not sane tokens (spaces, quotes, over 128 characters) with a new one', async () => {
    const res = await registerNgi('NGI_ODD', { 'x-request-id': 'a b"c', 'x-correlation-id': 'x'.repeat(129) });
    const reqId = res.headers.get('x-request-id')!;
    expect(reqId).toMatch(UUID);
    expect(res.headers.get('x-correlation-id')).toBe(reqId);
    expect((await ngiEvents('NGI_ODD')).map((e) => e.correlationId)).toEqual([reqId]);
  });

  it('carries the ids on refused requests too, and appends nothing', async () => {
    const res = await registerNgi('NGI BAD NAME', { 'x-request-id': 'req-refused' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('req-refused');
    expect(await ngiEvents('NGI BAD NAME')).toEqual([]);
  });
});

describe('one JSON log line per request', () => {
  it('names the request, its route, status, duration, tenant and key, never the key itself', async () => {
    const res = await registerNgi('NGI_LOGGED', { 'x-request-id': 'req-logged', 'x-correlation-id': 'corr-logged' });
    expect(res.status).toBe(201);
    const line = await lineOf('req-logged');
    expect(line).toMatchObject({
      level: 'info',
      context: 'HTTP',
      msg: 'request completed',
      reqId: 'req-logged',
      correlationId: 'corr-logged',
      method: 'POST',
      route: '/api/v1/ngis',
      url: '/api/v1/ngis',
      status: 201,
      tenant,
      keyId: expect.any(String),
    });
    expect(line.durationMs).toBeGreaterThan(0);
    expect(new Date(line.time).toISOString()).toBe(line.time);
    expect(raw).not.toContain(operator);
    expect(raw.toLowerCase()).not.toContain('authorization');
  });

  it('logs refused keys without the key or a tenant, and hides api_key query values', async () => {
    const wrong = `vk_${randomUUID()}`;
    const denied = await fetch(`${base}/api/v1/ngis`, { headers: { authorization: `Bearer ${wrong}`, 'x-request-id': 'req-denied' } });
    expect(denied.status).toBe(401);
    expect(await lineOf('req-denied')).toMatchObject({ status: 401, method: 'GET', url: '/api/v1/ngis' });
    expect((await lineOf('req-denied')).tenant).toBeUndefined();

    const feed = await fetch(`${base}/api/v1/downtimes.ics?site=X&api_key=${operator}`, { headers: { 'x-request-id': 'req-feed' } });
    expect(feed.status).toBe(200);
    expect(await lineOf('req-feed')).toMatchObject({ status: 200, url: '/api/v1/downtimes.ics?site=X&api_key=[REDACTED]', tenant });
    expect(raw).not.toContain(wrong);
    expect(raw).not.toContain(operator);
  });

  it('every line is one JSON object with time, level and message', () => {
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line).toMatchObject({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) });
    expect(raw.trim().split('\n')).toHaveLength(lines.length);
  });
});
