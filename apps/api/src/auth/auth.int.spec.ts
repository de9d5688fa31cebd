import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body, Controller, Delete, Get, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsString, MinLength } from 'class-validator';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { adminKeyFileFor, ApiKeyStore, CurrentPrincipal, CurrentTenant, Public, RequireRole, type Principal } from '@vigil/http';
import { connectNats } from '@vigil/messaging';
import { PlatformModule } from '@vigil/platform';
import { createKey } from '../../../../test/support/api-keys';
import { HealthController } from '../health.controller';
import { configureHttp } from '../http-app';
import { AuthModule } from './auth.module';

class RenameDto {
  @IsString()
  @MinLength(3)
  name: string;
}

const bucket = `test_api_keys_${randomUUID().slice(0, 8)}`;

/** A tiny API with one route per access rule. */
@Controller('probe')
class ProbeController {
  @Get()
  whoami(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Post()
  @RequireRole('operator')
  rename(@Body() dto: RenameDto, @CurrentTenant() tenant: string): { tenant: string; name: string } {
    return { tenant, name: dto.name };
  }

  @Delete()
  @RequireRole('admin')
  wipe(): { wiped: boolean } {
    return { wiped: true };
  }

  @Get('tenants/:tenant')
  ofTenant(@Param('tenant') tenant: string): { tenant: string } {
    return { tenant };
  }

  @Public()
  @Get('open')
  open(): { open: boolean } {
    return { open: true };
  }
}

@Module({ imports: [PlatformModule, AuthModule.withBucket(bucket)], controllers: [HealthController, ProbeController] })
class ProbeAppModule {}

const NATS_URL = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';
const tenant = `t${randomUUID().slice(0, 8)}`;

describe('API key authentication over HTTP', () => {
  let app: INestApplication;
  let nc: NatsConnection;
  let base: string;
  let dataDir: string;
  const keys: Record<'reader' | 'operator' | 'admin', string> = { reader: '', operator: '', admin: '' };

  const call = (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(`${base}${url}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-auth-e2e-'));
    nc = await connectNats(NATS_URL, 'auth-e2e-spec');
    process.env.VIGIL_DATA_DIR = dataDir; // this file runs in its own process
    app = configureHttp(await NestFactory.create(ProbeAppModule, { logger: false }));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    for (const role of ['reader', 'operator', 'admin'] as const) keys[role] = await createKey(nc, role, tenant, { bucket });
  });

  afterAll(async () => {
    await app?.close();
    await new Kvm(nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
    await nc?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a request without a key with 401 UNAUTHENTICATED in the house shape', async () => {
    const res = await call('GET', '/probe');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED', message: expect.stringMatching(/API key is required/) });
  });

  it('refuses an unknown key and a non-Bearer Authorization with 401', async () => {
    for (const headers of [bearer(`vgl_${'x'.repeat(43)}`), { 'x-api-key': 'nonsense' }, { authorization: 'Basic dXNlcjpwYXNz' }]) {
      const res = await call('GET', '/probe', headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('accepts a key as Bearer or x-api-key and tells the route who called', async () => {
    for (const headers of [bearer(keys.reader), { 'x-api-key': keys.reader }]) {
      const res = await call('GET', '/probe', headers);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ keyId: expect.stringMatching(/^key_/), tenant, role: 'reader' });
    }
  });

  it('nests roles: a write needs operator or admin, admin routes need admin', async () => {
    const body = { name: 'CERN-PROD' };
    const post = async (role: keyof typeof keys) => call('POST', '/probe', bearer(keys[role]), body);
    const reader = await post('reader');
    expect(reader.status).toBe(403);
    expect(await reader.json()).toEqual({ statusCode: 403, error: 'Forbidden', code: 'FORBIDDEN', message: expect.stringMatching(/needs the operator role/) });
    expect((await post('operator')).status).toBe(201);
    expect(await (await post('admin')).json()).toEqual({ tenant, name: 'CERN-PROD' });
    expect((await call('DELETE', '/probe', bearer(keys.operator))).status).toBe(403);
    expect((await call('DELETE', '/probe', bearer(keys.admin))).status).toBe(200);
  });

  it('authenticates and authorizes before validating: 401, then 403, then 400', async () => {
    const bad = { name: 1, extra: true };
    expect((await call('POST', '/probe', {}, bad)).status).toBe(401);
    expect((await call('POST', '/probe', bearer(keys.reader), bad)).status).toBe(403);
    const res = await call('POST', '/probe', bearer(keys.operator), bad);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ field: 'name' })]) });
  });

  it("refuses a route naming another tenant than the key's with 403", async () => {
    expect((await call('GET', `/probe/tenants/${tenant}`, bearer(keys.admin))).status).toBe(200);
    const res = await call('GET', '/probe/tenants/someone-else', bearer(keys.admin));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/bound to tenant/) });
  });

  it('keeps public routes and /health open without a key', async () => {
    expect(await (await call('GET', '/probe/open')).json()).toEqual({ open: true });
    expect((await call('GET', '/health')).status).not.toBe(401);
    expect((await call('GET', '/ready')).status).not.toBe(401);
  });

  it('accepts a key created elsewhere at once and refuses it within a second of its revocation', async () => {
    const other = await connectNats(NATS_URL, 'auth-e2e-cli-like');
    try {
      const store = await ApiKeyStore.open(other, bucket);
      const { id, key } = await store.create('reader', tenant, 'short-lived');
      expect((await call('GET', '/probe', bearer(key))).status).toBe(200);
      await store.revoke(id);
      const deadline = Date.now() + 1000;
      let status = 200;
      while (status !== 401 && Date.now() < deadline) status = (await call('GET', '/probe', bearer(key))).status;
      expect(status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('wrote a first admin key for the default tenant to <data dir> on first start (a file of its own for a non-product bucket)', async () => {
    const key = (await readFile(path.join(dataDir, adminKeyFileFor(bucket)), 'utf8')).trim();
    expect(adminKeyFileFor(bucket)).toBe(`admin.${bucket}.key`);
    expect(adminKeyFileFor('vigil_api_keys')).toBe('admin.key');
    const res = await call('GET', '/probe', bearer(key));
    expect(await res.json()).toMatchObject({ tenant: 'default', role: 'admin' });
  });
});
