import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReadApi, type ReadApiTestApp } from './read-api-test-app';

let api: ReadApiTestApp;
let position = 0;
const T = (hhmm: string, day = '2024-03-07') => new Date(`${day}T${hhmm}:00Z`);

type Levels = { supergroup: string; group: string; service: string; hostname: string; metric: string };
const A: Levels = { supergroup: 'NGI_A', group: 'SITE-A', service: 'SRM', hostname: 'se.a.example.org', metric: 'org.sam.SRM-Put' };
const A2: Levels = { ...A, group: 'SITE-B', hostname: 'se.b.example.org' };

/** The rows the status projection writes for one change of a whole branch (metric up to supergroup). */
function branch(tenant: string, k: Levels, status: string, previous: string, since: Date) {
  const keys = {
    metric: { endpoint_group: k.group, function: 'storage', service: k.service, hostname: k.hostname, metric: k.metric },
    endpoint: { endpoint_group: k.group, function: 'storage', service: k.service, hostname: k.hostname, metric: '' },
    service: { endpoint_group: k.group, function: 'storage', service: k.service, hostname: '', metric: '' },
    group: { endpoint_group: k.group, function: '', service: '', hostname: '', metric: '' },
    supergroup: { endpoint_group: '', function: '', service: '', hostname: '', metric: '' },
  };
  return Object.entries(keys).map(([level, key]) => ({ tenant, level, supergroup: k.supergroup, ...key, status, previous_status: previous, since, position: ++position }));
}

async function write(rows: ReturnType<typeof branch>, current = true) {
  await api.ch.insert('status_history', rows);
  if (current) await api.ch.insert('status_current', rows.map(({ previous_status: _, ...row }) => row));
}

beforeAll(async () => {
  api = await startReadApi();
  const { a, b } = api.tenants;
  await write(branch(a, A, 'OK', '', T('08:00')));
  await write(branch(a, A2, 'OK', '', T('08:30')));
  await write(branch(a, A, 'CRITICAL', 'OK', T('10:00')));
  // Tenant b: a group of its own, and one named like a's in another NGI.
  await write(branch(b, { ...A, supergroup: 'NGI_SECRET', group: 'SECRET-B' }, 'WARNING', '', T('09:00')));
  await write(branch(b, { ...A, supergroup: 'NGI_SECRET' }, 'UNKNOWN', '', T('09:30')));
  const group = (tenant: string, name: string, supergroup: string) => ({ tenant, endpoint_group: name, group_type: 'SITES', supergroup, tags: '{}', valid_from: T('00:00', '2024-03-01'), position: ++position, removed: 0 });
  await api.ch.insert('topology_groups', [group(a, 'SITE-A', 'NGI_A'), group(a, 'SITE-B', 'NGI_A'), group(b, 'SECRET-B', 'NGI_SECRET')]);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/status/groups', () => {
  it('lists the current status of each endpoint group in ARGO shape, sorted by name', async () => {
    const res = await api.get('/api/v1/status/groups');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      groups: [
        { name: 'SITE-A', type: 'SITES', supergroup: 'NGI_A', statuses: [{ timestamp: '2024-03-07T10:00:00Z', value: 'CRITICAL' }] },
        { name: 'SITE-B', type: 'SITES', supergroup: 'NGI_A', statuses: [{ timestamp: '2024-03-07T08:30:00Z', value: 'OK' }] },
      ],
      nextCursor: null,
    });
  });

  it('filters by status and supergroup', async () => {
    expect((await api.get('/api/v1/status/groups?status=CRITICAL')).body.groups.map((g: any) => g.name)).toEqual(['SITE-A']);
    expect((await api.get('/api/v1/status/groups?status=ok')).body.groups.map((g: any) => g.name)).toEqual(['SITE-B']);
    expect((await api.get('/api/v1/status/groups?supergroup=NGI_A')).body.groups).toHaveLength(2);
    expect((await api.get('/api/v1/status/groups?supergroup=NGI_SECRET')).body).toEqual({ groups: [], nextCursor: null });
  });

  it('pages with a cursor until nextCursor is null', async () => {
    const first = await api.get('/api/v1/status/groups?limit=1');
    expect(first.body.groups.map((g: any) => g.name)).toEqual(['SITE-A']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/api/v1/status/groups?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ groups: [{ name: 'SITE-B' }], nextCursor: null });
  });

  it('travels in time with at=: the status as it was then', async () => {
    const before = await api.get('/api/v1/status/groups?at=2024-03-07T09:59:00Z');
    expect(before.body.groups).toEqual([
      expect.objectContaining({ name: 'SITE-A', statuses: [{ timestamp: '2024-03-07T08:00:00Z', value: 'OK' }] }),
      expect.objectContaining({ name: 'SITE-B', statuses: [{ timestamp: '2024-03-07T08:30:00Z', value: 'OK' }] }),
    ]);
    const at = await api.get('/api/v1/status/groups/SITE-A?at=2024-03-07T10:00:00Z');
    expect(at.body.groups[0].statuses).toEqual([{ timestamp: '2024-03-07T10:00:00Z', value: 'CRITICAL' }]);
    expect((await api.get('/api/v1/status/groups?at=2024-03-07T08:15:00Z')).body.groups.map((g: any) => g.name)).toEqual(['SITE-A']);
    const tooEarly = await api.get('/api/v1/status/groups/SITE-A?at=2024-03-07T07:59:59Z');
    expect(tooEarly.status).toBe(404);
    expect(tooEarly.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives timelines of a range with the status at its start and a closing point at 23:59:59 of its last day', async () => {
    const res = await api.get('/api/v1/status/groups/SITE-A?start_time=2024-03-07T09:00:00Z&end_time=2024-03-07T23:59:59Z');
    expect(res.body.groups[0].statuses).toEqual([
      { timestamp: '2024-03-07T09:00:00Z', value: 'OK' },
      { timestamp: '2024-03-07T10:00:00Z', value: 'CRITICAL' },
      { timestamp: '2024-03-07T23:59:59Z', value: 'CRITICAL' },
    ]);
    const morning = await api.get('/api/v1/status/groups?start_time=2024-03-07T00:00:00Z&end_time=2024-03-07T09:00:00Z');
    expect(morning.body.groups).toEqual([
      expect.objectContaining({ name: 'SITE-A', statuses: [{ timestamp: '2024-03-07T08:00:00Z', value: 'OK' }, { timestamp: '2024-03-07T23:59:59Z', value: 'OK' }] }),
      expect.objectContaining({ name: 'SITE-B', statuses: [{ timestamp: '2024-03-07T08:30:00Z', value: 'OK' }, { timestamp: '2024-03-07T23:59:59Z', value: 'OK' }] }),
    ]);
    // status= in a range keeps the items that had that status in it.
    const critical = await api.get('/api/v1/status/groups?start_time=2024-03-07T00:00:00Z&end_time=2024-03-08T00:00:00Z&status=CRITICAL');
    expect(critical.body.groups.map((g: any) => g.name)).toEqual(['SITE-A']);
  });

  it('closes a timeline of today at now', async () => {
    const today = new Date().toISOString().slice(0, 10);
    // An hour ago, or midnight when that was yesterday (the test runs at any time of day).
    const since = new Date(Math.max(Date.parse(`${today}T00:00:00Z`), Date.now() - 3600_000));
    await write(branch(api.tenants.a, { ...A, group: 'SITE-TODAY' }, 'WARNING', '', new Date(Math.floor(since.getTime() / 1000) * 1000)), false);
    const before = Math.floor(Date.now() / 1000);
    const res = await api.get(`/api/v1/status/groups/SITE-TODAY?start_time=${today}T00:00:00Z&end_time=${today}T23:59:59Z`);
    const [first, closing] = res.body.groups[0].statuses;
    expect(first).toEqual({ timestamp: since.toISOString().replace(/\.\d{3}Z$/, 'Z'), value: 'WARNING' });
    expect(closing.value).toBe('WARNING');
    expect(Date.parse(closing.timestamp) / 1000).toBeGreaterThanOrEqual(before);
    expect(Date.parse(closing.timestamp)).toBeLessThanOrEqual(Date.now());
  });
});

describe('status below an endpoint group', () => {
  it('nests services, endpoints and metrics in their parents as ARGO does', async () => {
    const metric = await api.get('/api/v1/status/groups/SITE-A/services/SRM/endpoints/se.a.example.org/metrics/org.sam.SRM-Put?at=2024-03-07T09:00:00Z');
    expect(metric.body).toEqual({
      groups: [
        {
          name: 'SITE-A',
          type: 'SITES',
          supergroup: 'NGI_A',
          services: [{ name: 'SRM', type: 'service', endpoints: [{ name: 'se.a.example.org', type: 'endpoint', metrics: [{ name: 'org.sam.SRM-Put', type: 'metric', statuses: [{ timestamp: '2024-03-07T08:00:00Z', value: 'OK' }] }] }] }],
        },
      ],
      nextCursor: null,
    });
    const services = await api.get('/api/v1/status/groups/SITE-A/services');
    expect(services.body.groups[0].services).toEqual([{ name: 'SRM', type: 'service', statuses: [{ timestamp: '2024-03-07T10:00:00Z', value: 'CRITICAL' }] }]);
    const endpoints = await api.get('/api/v1/status/groups/SITE-A/services/SRM/endpoints');
    expect(endpoints.body.groups[0].services[0].endpoints).toEqual([{ name: 'se.a.example.org', type: 'endpoint', statuses: [{ timestamp: '2024-03-07T10:00:00Z', value: 'CRITICAL' }] }]);
    const metrics = await api.get('/api/v1/status/groups/SITE-A/services/SRM/endpoints/se.a.example.org/metrics?status=CRITICAL');
    expect(metrics.body.groups[0].services[0].endpoints[0].metrics.map((m: any) => m.name)).toEqual(['org.sam.SRM-Put']);
    expect((await api.get('/api/v1/status/groups/SITE-A/services/SRM/endpoints/se.a.example.org')).status).toBe(200);
    expect((await api.get('/api/v1/status/groups/SITE-A/services/SRM/endpoints/nope.example.org')).status).toBe(404);
  });

  it('lists supergroups with their type', async () => {
    const res = await api.get('/api/v1/status/supergroups');
    expect(res.body).toEqual({ supergroups: [{ name: 'NGI_A', type: 'NGI', statuses: [{ timestamp: '2024-03-07T10:00:00Z', value: 'CRITICAL' }] }], nextCursor: null });
    expect((await api.get('/api/v1/status/supergroups/NGI_A?at=2024-03-07T09:00:00Z')).body.supergroups[0].statuses).toEqual([{ timestamp: '2024-03-07T08:30:00Z', value: 'OK' }]);
  });
});

describe('status API guards', () => {
  it('refuses bad parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['at=yesterday', 'at'],
      ['at=2024-03-07T10:00:00', 'at'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['status=GREEN', 'status'],
      ['cursor=bm9wZQ', 'cursor'],
      ['start_time=2024-03-07T00:00:00Z', 'end_time'],
      ['start_time=2024-03-08T00:00:00Z&end_time=2024-03-07T00:00:00Z', 'end_time'],
      ['at=2024-03-07T00:00:00Z&start_time=2024-03-07T00:00:00Z&end_time=2024-03-08T00:00:00Z', 'at'],
      ['at=1900-01-01T00:00:00Z', 'at'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await api.get(`/api/v1/status/groups?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field })] });
    }
  });

  it('needs a key (401), and a key of its own tenant (403)', async () => {
    const anonymous = await api.get('/api/v1/status/groups', '');
    expect(anonymous.status).toBe(401);
    expect((await api.get(`/api/v1/status/groups?tenant=${api.tenants.b}`)).status).toBe(403);
  });

  it('never shows a key another tenant\'s statuses, even when it names them', async () => {
    const secret = ['SECRET-B', 'NGI_SECRET', 'UNKNOWN', 'WARNING'];
    const urls = [
      '/api/v1/status/groups',
      '/api/v1/status/groups?start_time=2024-03-07T00:00:00Z&end_time=2024-03-07T23:59:59Z',
      '/api/v1/status/groups?at=2024-03-07T09:45:00Z',
      '/api/v1/status/supergroups',
      '/api/v1/status/groups/SITE-A/services/SRM/endpoints/se.a.example.org/metrics?start_time=2024-03-07T00:00:00Z&end_time=2024-03-07T23:59:59Z',
    ];
    for (const url of urls) {
      const text = JSON.stringify((await api.get(url)).body);
      for (const word of secret) expect(text, url).not.toContain(word);
    }
    for (const url of ['/api/v1/status/groups/SECRET-B', '/api/v1/status/supergroups/NGI_SECRET', '/api/v1/status/groups/SECRET-B/services/SRM']) {
      expect((await api.get(url)).status, url).toBe(404);
    }
    expect((await api.get('/api/v1/status/groups/SECRET-B/services')).body).toEqual({ groups: [], nextCursor: null });
    // Tenant b's own key sees its rows.
    const bKey = await api.key('reader', api.tenants.b);
    expect((await api.get('/api/v1/status/groups/SECRET-B', bKey)).body.groups[0]).toMatchObject({ supergroup: 'NGI_SECRET', statuses: [{ value: 'WARNING' }] });
  });
});
