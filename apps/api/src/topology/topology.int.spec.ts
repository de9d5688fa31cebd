import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReadApi, type ReadApiTestApp } from '../status/read-api-test-app';

let api: ReadApiTestApp;
let position = 0;
const day = (d: string) => new Date(`2024-03-${d}T12:00:00Z`);

const endpoint = (tenant: string, group: string, supergroup: string, service: string, hostname: string, validFrom: Date, removed = 0) => ({
  tenant, endpoint_group: group, supergroup, service, hostname, monitored: 1, tags: JSON.stringify({ monitored: '1', production: '1', scope: 'EGI' }), valid_from: validFrom, position: ++position, removed,
});
const group = (tenant: string, name: string, supergroup: string, validFrom: Date, removed = 0) => ({
  tenant, endpoint_group: name, group_type: 'SITES', supergroup, tags: JSON.stringify({ certification: 'Certified', infrastructure: 'Production', scope: 'EGI' }), valid_from: validFrom, position: ++position, removed,
});

beforeAll(async () => {
  api = await startReadApi();
  const { a, b } = api.tenants;
  await api.ch.insert('topology_endpoints', [
    endpoint(a, 'SITE-A', 'NGI_A', 'SRM', 'se.a.example.org', day('01')),
    endpoint(a, 'SITE-A', 'NGI_A', 'CREAM-CE', 'ce.a.example.org', day('01')),
    endpoint(a, 'SITE-A', 'NGI_A', 'CREAM-CE', 'ce.a.example.org', day('05'), 1), // removed on the 5th
    endpoint(a, 'SITE-B', 'NGI_A', 'SRM', 'se.b.example.org', day('01')),
    endpoint(a, 'SITE-B', 'NGI_C', 'SRM', 'se.b.example.org', day('06')), // its site moved to NGI_C on the 6th
    endpoint(b, 'SECRET-B', 'NGI_SECRET', 'SRM', 'se.secret.example.org', day('01')),
  ]);
  await api.ch.insert('topology_groups', [
    group(a, 'SITE-A', 'NGI_A', day('01')),
    group(a, 'SITE-B', 'NGI_A', day('01')),
    group(a, 'SITE-B', 'NGI_C', day('06')),
    group(a, 'SITE-OLD', 'NGI_A', day('01')),
    group(a, 'SITE-OLD', 'NGI_A', day('03'), 1),
    group(b, 'SECRET-B', 'NGI_SECRET', day('01')),
  ]);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const hosts = (body: any) => body.data.map((e: any) => `${e.group}/${e.service}/${e.hostname}@${e.supergroup}`);

describe('GET /api/v1/topology/endpoints', () => {
  it('lists the endpoints as they are now, in ARGO shape, sorted by group, service and host', async () => {
    const res = await api.get('/api/v1/topology/endpoints');
    expect(res.status).toBe(200);
    expect(hosts(res.body)).toEqual(['SITE-A/SRM/se.a.example.org@NGI_A', 'SITE-B/SRM/se.b.example.org@NGI_C']);
    expect(res.body.data[0]).toEqual({
      date: new Date().toISOString().slice(0, 10),
      group: 'SITE-A',
      type: 'SITES',
      service: 'SRM',
      hostname: 'se.a.example.org',
      supergroup: 'NGI_A',
      tags: { monitored: '1', production: '1', scope: 'EGI' },
      validFrom: '2024-03-01T12:00:00Z',
    });
    expect(res.body.nextCursor).toBeNull();
  });

  it('shows them as they were at a given time: removed ones back, moved ones in their old NGI', async () => {
    const res = await api.get('/api/v1/topology/endpoints?at=2024-03-04T00:00:00Z');
    expect(hosts(res.body)).toEqual(['SITE-A/CREAM-CE/ce.a.example.org@NGI_A', 'SITE-A/SRM/se.a.example.org@NGI_A', 'SITE-B/SRM/se.b.example.org@NGI_A']);
    expect(res.body.data[0].date).toBe('2024-03-04');
    expect((await api.get('/api/v1/topology/endpoints?at=2024-02-01T00:00:00Z')).body.data).toEqual([]);
  });

  it('filters by supergroup (as of the time asked), group, service and hostname', async () => {
    expect(hosts((await api.get('/api/v1/topology/endpoints?supergroup=NGI_C')).body)).toEqual(['SITE-B/SRM/se.b.example.org@NGI_C']);
    expect(hosts((await api.get('/api/v1/topology/endpoints?supergroup=NGI_C&at=2024-03-04T00:00:00Z')).body)).toEqual([]);
    expect(hosts((await api.get('/api/v1/topology/endpoints?group=SITE-A&at=2024-03-04T00:00:00Z&service=CREAM-CE')).body)).toEqual(['SITE-A/CREAM-CE/ce.a.example.org@NGI_A']);
    expect(hosts((await api.get('/api/v1/topology/endpoints?hostname=se.b.example.org')).body)).toEqual(['SITE-B/SRM/se.b.example.org@NGI_C']);
  });

  it('pages with a cursor', async () => {
    const first = await api.get('/api/v1/topology/endpoints?limit=2&at=2024-03-04T00:00:00Z');
    expect(first.body.data).toHaveLength(2);
    const second = await api.get(`/api/v1/topology/endpoints?limit=2&at=2024-03-04T00:00:00Z&cursor=${first.body.nextCursor}`);
    expect(hosts(second.body)).toEqual(['SITE-B/SRM/se.b.example.org@NGI_A']);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('GET /api/v1/topology/groups', () => {
  it('lists endpoint groups in their supergroups now and as of a time', async () => {
    const now = await api.get('/api/v1/topology/groups');
    expect(now.body.data.map((g: any) => `${g.group}>${g.subgroup}`)).toEqual(['NGI_A>SITE-A', 'NGI_C>SITE-B']);
    expect(now.body.data[0]).toMatchObject({ type: 'NGI', subgroupType: 'SITES', tags: { certification: 'Certified' }, validFrom: '2024-03-01T12:00:00Z' });
    const then = await api.get('/api/v1/topology/groups?at=2024-03-02T00:00:00Z');
    expect(then.body.data.map((g: any) => `${g.group}>${g.subgroup}`)).toEqual(['NGI_A>SITE-A', 'NGI_A>SITE-B', 'NGI_A>SITE-OLD']);
    expect((await api.get('/api/v1/topology/groups?supergroup=NGI_A')).body.data.map((g: any) => g.subgroup)).toEqual(['SITE-A']);
    expect((await api.get('/api/v1/topology/groups?group=SITE-OLD')).body.data).toEqual([]);
    const paged = await api.get('/api/v1/topology/groups?limit=1');
    expect((await api.get(`/api/v1/topology/groups?limit=1&cursor=${paged.body.nextCursor}`)).body.data.map((g: any) => g.subgroup)).toEqual(['SITE-B']);
  });
});

describe('topology API guards', () => {
  it('refuses bad parameters with 400 naming the field', async () => {
    for (const [url, field] of [
      ['/api/v1/topology/endpoints?at=tomorrow', 'at'],
      ['/api/v1/topology/endpoints?limit=0', 'limit'],
      ['/api/v1/topology/endpoints?limit=abc', 'limit'],
      ['/api/v1/topology/groups?cursor=bm9wZQ', 'cursor'],
      ['/api/v1/topology/groups?service=SRM', 'service'],
    ]) {
      const res = await api.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body, url).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field })] });
    }
  });

  it('needs a key (401) of its own tenant (403), and never shows another tenant\'s topology', async () => {
    expect((await api.get('/api/v1/topology/endpoints', '')).status).toBe(401);
    expect((await api.get(`/api/v1/topology/groups?tenant=${api.tenants.b}`)).status).toBe(403);
    for (const url of ['/api/v1/topology/endpoints', '/api/v1/topology/groups', '/api/v1/topology/endpoints?group=SECRET-B', '/api/v1/topology/groups?supergroup=NGI_SECRET']) {
      expect(JSON.stringify((await api.get(url)).body), url).not.toContain('SECRET');
    }
    const bKey = await api.key('reader', api.tenants.b);
    expect(hosts((await api.get('/api/v1/topology/endpoints', bKey)).body)).toEqual(['SECRET-B/SRM/se.secret.example.org@NGI_SECRET']);
  });
});
