import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { PlatformModule } from '@vigil/platform';
import { ApiModule } from './api.module';
import { configureHttp } from './http-app';
import { openApiPath } from './openapi';

const id = randomBytes(4).toString('hex');
const bucket = `keys_openapi_${id}`;
let app: INestApplication;
let base: string;
let doc: any;

const DOCS_ROUTES = /^\/api\/docs/;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

beforeAll(async () => {
  process.env.VIGIL_API_KEYS_BUCKET = bucket; // its own key bucket: the real one's first admin key stays untouched
  process.env.VIGIL_DATA_DIR = `/tmp/vigil_openapi_${id}`;
  @Module({ imports: [PlatformModule, ApiModule] })
  class OpenApiTestApp {}
  app = configureHttp(await NestFactory.create(OpenApiTestApp, { logger: false }));
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  const res = await fetch(`${base}/api/docs.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
}, 60_000);

afterAll(async () => {
  await app?.close(); // drains the platform's own connection: clean up on a fresh one
  const nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  await (await jetstreamManager(nc)).streams.delete(`KV_${bucket}`).catch(() => undefined);
  await nc.drain();
});

/** Every route Express serves, as "method /path/{param}", the docs' own routes left out. */
function routerRoutes(): string[] {
  const stack = app.getHttpAdapter().getInstance().router.stack as { route?: { path: string; methods: Record<string, boolean> } }[];
  return stack.flatMap((layer) => {
    const route = layer.route;
    if (!route || DOCS_ROUTES.test(route.path)) return [];
    return Object.keys(route.methods).map((m) => `${m} ${openApiPath(route.path)}`);
  });
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

const resolve = (ref: string): unknown =>
  ref.startsWith('#/') ? ref.slice(2).split('/').reduce<any>((n, part) => n?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc) : undefined;

describe('OpenAPI document at /api/docs.json', () => {
  it('is an OpenAPI 3 document whose every operation has responses and every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Vigil API', version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const operations = Object.keys(item).filter((k) => METHODS.includes(k));
      expect(operations.length, path).toBeGreaterThan(0);
      for (const m of operations) {
        expect(Object.keys(item[m].responses ?? {}).length, `${m} ${path}`).toBeGreaterThan(0);
        // Every {param} of the path is declared.
        for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
          expect(item[m].parameters?.some((p: any) => p.in === 'path' && p.name === name), `${m} ${path} {${name}}`).toBe(true);
        }
      }
    }
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) expect(resolve(ref), ref).toBeDefined();
  });

  it('lists every route the app serves, and none it does not', () => {
    const served = routerRoutes();
    const documented = Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((k) => METHODS.includes(k)).map((m) => `${m} ${path}`));
    expect(served).toContain('get /api/v1/status/groups/{group}/services/{service}/endpoints/{hostname}/metrics/{metric}');
    expect(served).toContain('get /api/v1/topology/endpoints');
    expect([...documented].sort()).toEqual([...new Set(served)].sort());
  });

  it('offers bearer and x-api-key security on guarded routes and none on public ones', () => {
    expect(doc.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' }, 'x-api-key': { type: 'apiKey', in: 'header', name: 'x-api-key' } });
    expect(doc.security).toEqual([{ bearer: [] }, { 'x-api-key': [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/metrics'].get.security).toEqual([]);
    const groups = doc.paths['/api/v1/status/groups'].get;
    expect(groups.security).toBeUndefined();
    expect(Object.keys(groups.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });

  it('describes the status and topology parameters and responses', () => {
    const groups = doc.paths['/api/v1/status/groups'].get;
    expect(groups.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['at', 'start_time', 'end_time', 'status', 'limit', 'cursor', 'supergroup']));
    expect(groups.parameters.find((p: any) => p.name === 'status').schema.enum).toContain('CRITICAL');
    expect(groups.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/GroupStatusPageDto');
    expect(doc.components.schemas.GroupStatusDto.properties).toHaveProperty('statuses');
    expect(doc.paths['/api/v1/topology/endpoints'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['at', 'supergroup', 'group', 'service', 'hostname']));
  });
});

describe('Swagger UI at /api/docs', () => {
  it('answers 200 without a key, as does the document', async () => {
    const ui = await fetch(`${base}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    expect((await fetch(`${base}/api/docs.json`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/status/groups`)).status).toBe(401);
  });
});
