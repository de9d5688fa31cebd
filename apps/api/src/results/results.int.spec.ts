import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResultsApi, type ResultsTestApp } from './results-test-app';

let api: ResultsTestApp;
let position = 0;

type Keys = { supergroup?: string; endpoint_group?: string; function?: string; service?: string; hostname?: string };
type Figures = [availability: number, reliability: number, up: number, unknown: number, down: number];

/** An ar_daily row as the continuous A/R projection writes it (later rows supersede earlier ones). */
const daily = (tenant: string, level: string, keys: Keys, day: string, [availability, reliability, up, unknown, down]: Figures, final = 1) => ({
  tenant,
  level,
  supergroup: '',
  endpoint_group: '',
  function: '',
  service: '',
  hostname: '',
  ...keys,
  day,
  availability,
  reliability,
  up,
  unknown,
  down,
  final,
  position: ++position,
});

const SE = { supergroup: 'NGI_A', endpoint_group: 'SITE-A', function: 'storage', service: 'SRM', hostname: 'se.a.example.org' };
const SE2 = { ...SE, hostname: 'se2.a.example.org' };
const SRM = { ...SE, hostname: '' };
const SITE_A = { supergroup: 'NGI_A', endpoint_group: 'SITE-A' };
const SITE_B = { supergroup: 'NGI_A', endpoint_group: 'SITE-B' };
const NGI_A = { supergroup: 'NGI_A' };
const ALL_UNKNOWN: Figures = [-1, -1, 0, 1, 0];
const UNDEFINED: Figures = [-1, -1, -1, -1, -1];
const range = (start: string, end: string, extra = '') => `start_time=${start}&end_time=${end}${extra}`;
const ENDPOINT = '/api/v1/results/groups/SITE-A/services/SRM/endpoints/se.a.example.org';

beforeAll(async () => {
  api = await startResultsApi();
  const { a, b } = api.tenants;
  await api.ch.insert('ar_daily', [
    // An open version of June 1st that the final one supersedes.
    daily(a, 'endpoint', SE, '2025-06-01', [50, 50, 0.5, 0, 0], 0),
    daily(a, 'endpoint', SE, '2025-06-01', [100, 100, 1, 0, 0]),
    daily(a, 'endpoint', SE, '2025-06-02', [66.66667, 100, 0.5, 0.25, 0.25]),
    daily(a, 'endpoint', SE, '2025-06-03', [75, 75, 0.75, 0, 0]),
    daily(a, 'endpoint', SE, '2025-07-01', [100, 100, 0.9, 0.1, 0]),
    daily(a, 'endpoint', SE, '2025-07-02', ALL_UNKNOWN, 0),
    daily(a, 'endpoint', SE, '2025-05-31', [0, 0, 0, 0, 0]), // outside every range asked below
    daily(a, 'endpoint', SE2, '2025-06-01', [90, 90, 0.9, 0, 0]),
    daily(a, 'service', SRM, '2025-06-01', [95, 95, 0.95, 0, 0]),
    daily(a, 'group', SITE_A, '2025-06-01', [90, 90, 0.9, 0, 0]),
    daily(a, 'group', SITE_B, '2025-06-01', [50, 50, 0.5, 0, 0]),
    // NGI_A: SITE-A (weight 9) and SITE-B (weight 0) on June 1st: (90 × 10 + 50 × 1) / 11; no site had a value on the 2nd.
    daily(a, 'supergroup', NGI_A, '2025-06-01', [86.36364, 86.36364, 0.86364, 0, 0]),
    daily(a, 'supergroup', NGI_A, '2025-06-02', UNDEFINED),
    daily(a, 'supergroup', NGI_A, '2025-06-03', [80, 80, 0.8, 0, 0]),
    // Tenant b: the same site name with other figures, and an NGI of its own.
    daily(b, 'group', SITE_A, '2025-06-01', [12.5, 12.5, 0.125, 0, 0]),
    daily(b, 'supergroup', { supergroup: 'NGI_SECRET' }, '2025-06-01', [12.5, 12.5, 0.125, 0, 0]),
  ]);
  const group = (tenant: string, name: string, supergroup: string) => ({ tenant, endpoint_group: name, group_type: 'SITES', supergroup, tags: '{}', valid_from: new Date('2025-01-01T00:00:00Z'), position: ++position, removed: 0 });
  await api.ch.insert('topology_groups', [group(a, 'SITE-A', 'NGI_A'), group(a, 'SITE-B', 'NGI_A')]);
  const flips = (tenant: string, level: string, keys: Keys, day: string, flipflops: number) => ({ tenant, level, supergroup: '', endpoint_group: '', function: '', service: '', hostname: '', ...keys, day, flipflops, final: 1, position: ++position });
  await api.ch.insert('flapping_daily', [
    flips(a, 'endpoint', SE, '2025-06-01', 5),
    flips(a, 'endpoint', SE, '2025-06-02', 100), // superseded by the next row
    flips(a, 'endpoint', SE, '2025-06-02', 3),
    flips(a, 'endpoint', SE2, '2025-06-01', 10),
    flips(a, 'endpoint', SE2, '2025-06-20', 50), // outside the range asked
    flips(a, 'endpoint', { ...SE, hostname: 'calm.a.example.org' }, '2025-06-01', 0),
    flips(a, 'group', SITE_A, '2025-06-01', 7),
    flips(b, 'endpoint', SE, '2025-06-01', 99),
  ]);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const figures = (timestamp: string, availability: string, reliability: string, uptime: string, unknown: string, downtime: string, final = true) => ({
  timestamp,
  availability,
  reliability,
  unknown,
  uptime,
  downtime,
  final,
});

describe('GET /api/v1/results/groups/{group}/services/{service}/endpoints/{hostname}', () => {
  it('gives the daily figures in ARGO shape, values as strings, the latest version of each day', async () => {
    const res = await api.get(`${ENDPOINT}?${range('2025-06-01', '2025-06-03T23:59:59Z')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        {
          name: 'SITE-A',
          type: 'SITES',
          supergroup: 'NGI_A',
          serviceflavors: [
            {
              name: 'SRM',
              type: 'service',
              endpoints: [
                {
                  name: 'se.a.example.org',
                  type: 'endpoint',
                  results: [
                    figures('2025-06-01', '100', '100', '1', '0', '0'),
                    figures('2025-06-02', '66.66667', '100', '0.5', '0.25', '0.25'),
                    figures('2025-06-03', '75', '75', '0.75', '0', '0'),
                  ],
                },
              ],
            },
          ],
        },
      ],
      nextCursor: null,
    });
  });

  it('shows an undefined day as -1 and an open day as not final', async () => {
    const res = await api.get(`${ENDPOINT}?${range('2025-07-02', '2025-07-02')}`);
    expect(res.body.results[0].serviceflavors[0].endpoints[0].results).toEqual([figures('2025-07-02', '-1', '-1', '0', '1', '0', false)]);
  });

  it("averages a month's daily fractions with ARGO's range formulas, not the daily percentages", async () => {
    // June: avg up = (1 + 0.5 + 0.75) / 3 = 0.75, avg unknown = avg down = 0.25 / 3.
    // availability = 0.75 / (1.00000001 − 0.083333) × 100 = 81.81818 (the mean of the daily values would be 80.55556);
    // reliability = 0.75 / ((1.00000001 − 0.083333) − 0.083333) × 100 = 89.999998… → 90.
    // July: up 0.45, unknown 0.55: 0.45 / 0.45000001 × 100 = 99.9999978 → 100; July 2nd is still open.
    const res = await api.get(`${ENDPOINT}?${range('2025-06-01', '2025-07-31', '&granularity=monthly')}`);
    expect(res.status).toBe(200);
    expect(res.body.results[0].serviceflavors[0].endpoints[0].results).toEqual([
      figures('2025-06', '81.81818', '90', '0.75', '0.08333', '0.08333'),
      figures('2025-07', '100', '100', '0.45', '0.55', '0', false),
    ]);
  });

  it('gives one figure over a custom range', async () => {
    // Five days: up (1 + 0.5 + 0.75 + 0.9 + 0) / 5 = 0.63, unknown (0.25 + 0.1 + 1) / 5 = 0.27, down 0.25 / 5 = 0.05:
    // availability = 0.63 / 0.73000001 × 100 = 86.30137, reliability = 0.63 / 0.68000001 × 100 = 92.64706.
    const res = await api.get(`${ENDPOINT}?${range('2025-06-01', '2025-07-02', '&granularity=custom')}`);
    expect(res.body.results[0].serviceflavors[0].endpoints[0].results).toEqual([figures('2025-06-01/2025-07-02', '86.30137', '92.64706', '0.63', '0.27', '0.05', false)]);
  });

  it('answers 404 for an endpoint without results in the range', async () => {
    expect((await api.get(`${ENDPOINT}?${range('2025-08-01', '2025-08-31')}`)).status).toBe(404);
    expect((await api.get(`/api/v1/results/groups/SITE-A/services/SRM/endpoints/nope.example.org?${range('2025-06-01', '2025-06-30')}`)).status).toBe(404);
  });
});

describe('GET /api/v1/results/supergroups', () => {
  it("shows the supergroup's weighted daily figures, nan where no group had a value", async () => {
    const res = await api.get(`/api/v1/results/supergroups/NGI_A?${range('2025-06-01', '2025-06-03')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        {
          name: 'NGI_A',
          type: 'NGI',
          results: [
            figures('2025-06-01', '86.36364', '86.36364', '0.86364', '0', '0'),
            figures('2025-06-02', 'nan', 'nan', 'nan', 'nan', 'nan'),
            figures('2025-06-03', '80', '80', '0.8', '0', '0'),
          ],
        },
      ],
      nextCursor: null,
    });
  });

  it('averages the defined daily values for a month, ignoring nan days', async () => {
    // (86.36364 + 80) / 2 = 83.18182: the undefined June 2nd does not count as 0.
    const res = await api.get(`/api/v1/results/supergroups?${range('2025-06-01', '2025-06-30', '&granularity=monthly')}`);
    expect(res.body.results).toEqual([{ name: 'NGI_A', type: 'NGI', results: [figures('2025-06', '83.18182', '83.18182', '0.83182', '0', '0')] }]);
  });
});

describe('lists of items', () => {
  it('pages endpoint groups with a cursor, in name order', async () => {
    const first = await api.get(`/api/v1/results/groups?${range('2025-06-01', '2025-06-01', '&limit=1&supergroup=NGI_A')}`);
    expect(first.body.results).toEqual([{ name: 'SITE-A', type: 'SITES', supergroup: 'NGI_A', results: [figures('2025-06-01', '90', '90', '0.9', '0', '0')] }]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/api/v1/results/groups?${range('2025-06-01', '2025-06-01', `&limit=1&cursor=${first.body.nextCursor}`)}`);
    expect(second.body).toEqual({ results: [{ name: 'SITE-B', type: 'SITES', supergroup: 'NGI_A', results: [figures('2025-06-01', '50', '50', '0.5', '0', '0')] }], nextCursor: null });
  });

  it('nests the services and endpoints of a group in it', async () => {
    const services = await api.get(`/api/v1/results/groups/SITE-A/services?${range('2025-06-01', '2025-06-01')}`);
    expect(services.body.results).toEqual([{ name: 'SITE-A', type: 'SITES', supergroup: 'NGI_A', serviceflavors: [{ name: 'SRM', type: 'service', results: [figures('2025-06-01', '95', '95', '0.95', '0', '0')] }] }]);
    const endpoints = await api.get(`/api/v1/results/groups/SITE-A/services/SRM/endpoints?${range('2025-06-01', '2025-06-01')}`);
    const flavor = endpoints.body.results[0].serviceflavors[0];
    expect(flavor.endpoints.map((e: any) => [e.name, e.results[0].availability])).toEqual([
      ['se.a.example.org', '100'],
      ['se2.a.example.org', '90'],
    ]);
  });
});

describe('CSV', () => {
  it('gives one line per item per period with a header, the same figures as the JSON', async () => {
    const query = `/api/v1/results/groups/SITE-A/services/SRM/endpoints?${range('2025-06-01', '2025-07-31', '&granularity=monthly')}`;
    const json = await api.get(query);
    const csv = await api.get(`${query}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    const expected = json.body.results.flatMap((g: any) =>
      g.serviceflavors.flatMap((s: any) =>
        s.endpoints.flatMap((e: any) => e.results.map((f: any) => ({ group: g.name, type: g.type, supergroup: g.supergroup, service: s.name, hostname: e.name, ...f, final: String(f.final) }))),
      ),
    );
    expect(rows).toEqual(expected);
    expect(rows).toHaveLength(3);
  });

  it('answers CSV to Accept: text/csv, with the next cursor in X-Next-Cursor', async () => {
    const res = await api.get(`/api/v1/results/supergroups?${range('2025-06-01', '2025-06-03', '&limit=1')}`, { accept: 'text/csv' });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(parse(res.text, { columns: true })).toEqual([
      { supergroup: 'NGI_A', type: 'NGI', timestamp: '2025-06-01', availability: '86.36364', reliability: '86.36364', unknown: '0', uptime: '0.86364', downtime: '0', final: 'true' },
      { supergroup: 'NGI_A', type: 'NGI', timestamp: '2025-06-02', availability: 'nan', reliability: 'nan', unknown: 'nan', uptime: 'nan', downtime: 'nan', final: 'true' },
      { supergroup: 'NGI_A', type: 'NGI', timestamp: '2025-06-03', availability: '80', reliability: '80', unknown: '0', uptime: '0.8', downtime: '0', final: 'true' },
    ]);
    expect(res.headers.get('x-next-cursor')).toBeNull(); // one supergroup: a single page
    const first = await api.get(`/api/v1/results/groups?${range('2025-06-01', '2025-06-01', '&limit=1')}`, { accept: 'text/csv' });
    expect(parse(first.text, { columns: true }).map((r: any) => r.group)).toEqual(['SITE-A']);
    const next = await api.get(`/api/v1/results/groups?${range('2025-06-01', '2025-06-01', `&limit=1&cursor=${first.headers.get('x-next-cursor')}`)}`, { accept: 'text/csv' });
    expect(parse(next.text, { columns: true }).map((r: any) => r.group)).toEqual(['SITE-B']);
  });
});

describe('GET /api/v1/results/flapping', () => {
  it('ranks the items of a level by their status changes over the range, top N', async () => {
    const res = await api.get(`/api/v1/results/flapping?${range('2025-06-01', '2025-06-07')}`);
    expect(res.status).toBe(200);
    const row = (hostname: string, changes: number, days: number) => ({ supergroup: 'NGI_A', group: 'SITE-A', function: 'storage', service: 'SRM', hostname, changes, days });
    expect(res.body).toEqual({ level: 'endpoint', start_time: '2025-06-01', end_time: '2025-06-07', items: [row('se2.a.example.org', 10, 1), row('se.a.example.org', 8, 2)] });
    expect((await api.get(`/api/v1/results/flapping?${range('2025-06-01', '2025-06-07', '&top=1')}`)).body.items.map((i: any) => i.hostname)).toEqual(['se2.a.example.org']);
    const groups = await api.get(`/api/v1/results/flapping?${range('2025-06-01', '2025-06-07', '&level=group&format=csv')}`);
    expect(parse(groups.text, { columns: true })).toEqual([{ supergroup: 'NGI_A', group: 'SITE-A', function: '', service: '', hostname: '', changes: '7', days: '1' }]);
  });
});

describe('access', () => {
  it('needs a key (401) of its own tenant (403)', async () => {
    expect((await api.get(`/api/v1/results/groups?${range('2025-06-01', '2025-06-01')}`, { key: '' })).status).toBe(401);
    expect((await api.get(`/api/v1/results/groups?${range('2025-06-01', '2025-06-01')}&tenant=${api.tenants.b}`)).status).toBe(403);
  });

  it("never shows another tenant's results", async () => {
    const keyB = await api.key('reader', api.tenants.b);
    const groups = await api.get(`/api/v1/results/groups?${range('2025-06-01', '2025-06-30')}`, { key: keyB });
    expect(groups.body.results).toEqual([{ name: 'SITE-A', type: 'SERVICEGROUPS', supergroup: 'NGI_A', results: [figures('2025-06-01', '12.5', '12.5', '0.125', '0', '0')] }]);
    expect((await api.get(`/api/v1/results/supergroups/NGI_A?${range('2025-06-01', '2025-06-30')}`, { key: keyB })).status).toBe(404);
    expect((await api.get(`/api/v1/results/supergroups?${range('2025-06-01', '2025-06-30')}`)).body.results.map((s: any) => s.name)).toEqual(['NGI_A']);
    const flapping = await api.get(`/api/v1/results/flapping?${range('2025-06-01', '2025-06-07')}`, { key: keyB });
    expect(flapping.body.items.map((i: any) => i.changes)).toEqual([99]);
  });
});

describe('bad queries', () => {
  const fieldOf = async (query: string) => {
    const res = await api.get(query);
    expect(res.status, query).toBe(400);
    return res.body.errors.map((e: any) => e.field);
  };

  it('answers 400 naming the field, for every route', async () => {
    expect(await fieldOf('/api/v1/results/groups?end_time=2025-06-01')).toEqual(['start_time']);
    expect(await fieldOf('/api/v1/results/groups?start_time=2025-06-01')).toEqual(['end_time']);
    expect(await fieldOf(`/api/v1/results/groups?${range('2025-13-01', '2025-06-01')}`)).toEqual(['start_time']);
    expect(await fieldOf(`/api/v1/results/groups?${range('2025-06-01T10:00:00', '2025-06-02')}`)).toEqual(['start_time']);
    expect(await fieldOf(`/api/v1/results/supergroups?${range('2025-06-02', '2025-06-01')}`)).toEqual(['end_time']);
    expect(await fieldOf(`/api/v1/results/supergroups?${range('2025-01-01', '2026-01-02')}`)).toEqual(['end_time']);
    expect(await fieldOf(`${ENDPOINT}?${range('2025-06-01', '2025-06-02', '&granularity=weekly')}`)).toEqual(['granularity']);
    expect(await fieldOf(`${ENDPOINT}?${range('2025-06-01', '2025-06-02', '&format=xml')}`)).toEqual(['format']);
    expect(await fieldOf(`/api/v1/results/groups?${range('2025-06-01', '2025-06-02', '&cursor=bogus')}`)).toEqual(['cursor']);
    expect(await fieldOf(`/api/v1/results/groups?${range('2025-06-01', '2025-06-02', '&limit=0')}`)).toEqual(['limit']);
    expect(await fieldOf(`/api/v1/results/flapping?${range('2025-06-01', '2025-06-02', '&level=metric')}`)).toEqual(['level']);
    expect(await fieldOf(`/api/v1/results/flapping?${range('2025-06-01', '2025-06-02', '&top=0')}`)).toEqual(['top']);
    expect(await fieldOf(`/api/v1/results/groups?${range('2025-06-01', '2025-06-02', '&colour=red')}`)).toEqual(['colour']);
  });

  it('accepts a range of exactly 366 days', async () => {
    expect((await api.get(`/api/v1/results/supergroups?${range('2024-01-01', '2024-12-31')}`)).status).toBe(200);
  });
});
