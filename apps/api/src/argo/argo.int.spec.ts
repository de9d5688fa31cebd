import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { readAvro } from '@vigil/argo';
import { catalog } from '@vigil/events';
import { consumerLag } from '@vigil/messaging';
import { hostStatusProjector, StatusSnapshotStore, type HostedStatusProjector } from '@vigil/projections';
import { sql } from '@vigil/read-models';
import { authHeaders, repoRoot } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../../libs/domain/src/topology/topology.fixtures';
import { startTestApi, type TestApi } from '../../../../test/support/test-api';
import { ArgoModule } from './argo.module';

const fixtures = path.resolve(repoRoot, '../shared/fixtures/argo');
const json = async (file: string): Promise<unknown> => JSON.parse(await readFile(path.join(fixtures, file), 'utf8'));

let api: TestApi;
let admin: string;
let adminB: string;
let documents: Record<string, unknown>;

const call = (method: string, route: string, key: string, body?: unknown) =>
  fetch(`${api.base}${route}`, { method, headers: authHeaders(key, { 'content-type': 'application/json' }), body: body === undefined ? undefined : JSON.stringify(body) });
const events = (streamId: string, tenant = api.tenants.a) => api.store!.readStream({ tenant, category: 'profile', id: streamId });

beforeAll(async () => {
  api = await startTestApi('argo_api', [ArgoModule], { events: true });
  admin = await api.key('admin', api.tenants.a);
  adminB = await api.key('admin', api.tenants.b);
  documents = {
    operations: await json('batch-day/operations.json'),
    aggregation: await json('batch-day/aggregations.json'),
    metricProfile: await json('batch-day/metric_profiles.json'),
    thresholds: await json('batch-day/threshold.json'),
    config: await json('batch-day/config.json'),
    topologyEndpoints: await json('batch-day/topology_endpoints.json'),
    topologyGroups: await json('batch-day/topology_groups.json'),
    downtimes: await json('batch-day/downtimes.json'),
    weights: await json('profiles/weights.json'),
    statusSettings: { defaultFreshnessSeconds: 7200, metricFreshness: [{ metric: 'org.sam.SRM-Put', seconds: 900 }] },
  };
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('POST /api/v1/argo/import', () => {
  it('loads every ARGO document (web-API envelopes as served) as one event each, and says so per section', async () => {
    const res = await call('POST', '/api/v1/argo/import', admin, documents);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.tenant).toBe(api.tenants.a);
    expect(body.appended).toBe(10);
    expect(body.sections.metricProfile).toEqual({ appended: 1, type: 'MetricProfileSet', stream: 'profile/metric-profile' });
    expect(body.sections.statusSettings).toEqual({ appended: 1, type: 'StatusSettingsSet', stream: 'profile/status-settings' });
    expect(Object.values(body.sections).map((s: any) => s.appended)).toEqual(Array(10).fill(1));

    const [operations] = await events('operations');
    expect(operations.data).toMatchObject({ name: 'egi_ops', source: expect.stringMatching(/^api key /) });
    expect(JSON.parse((operations.data as { profile: string }).profile).available_states).toContain('DOWNTIME');
  });

  it('appends nothing for a second identical import, nor for the same content without its envelope', async () => {
    const again = await call('POST', '/api/v1/argo/import', admin, documents);
    expect(again.status).toBe(200);
    const body: any = await again.json();
    expect(body.appended).toBe(0);
    expect(Object.values(body.sections).map((s: any) => s.appended)).toEqual(Array(10).fill(0));
    const unwrapped = await call('POST', '/api/v1/argo/import', admin, { metricProfile: (documents.metricProfile as { data: unknown }).data });
    expect(((await unwrapped.json()) as any).sections.metricProfile.appended).toBe(0);
    expect(await events('metric-profile')).toHaveLength(1);
  });

  it('makes the imported status settings the ones in effect', async () => {
    const res = await call('GET', '/api/v1/status/settings', admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      defaultFreshnessSeconds: 7200,
      metricFreshness: [{ metric: 'org.sam.SRM-Put', seconds: 900 }],
      downtimeOverlay: ['SCHEDULED'],
      revision: 0,
      setAt: expect.any(String),
    });
  });

  it('refuses a bad document with its field and problem, and appends nothing of the import', async () => {
    const before = (await events('thresholds')).length;
    const res = await call('POST', '/api/v1/argo/import', admin, {
      thresholds: { status: { code: '200' }, data: [{ rules: [{ metric: 'm', thresholds: 'time=1s;0:0.9;0.9:2;0;10' }] }] },
      aggregation: { data: [{ name: 'x', metric_operation: 'AND', groups: [] }] },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_ARGO_DOCUMENT', errors: [{ field: 'aggregation', reason: 'aggregation.profile_operation must be a string' }] });
    expect(await events('thresholds')).toHaveLength(before);
  });

  it('refuses a body without documents, a document that is not JSON object or array, and unknown fields', async () => {
    const empty = await call('POST', '/api/v1/argo/import', admin, {});
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as any).message).toContain('nothing to import');
    const scalar = await call('POST', '/api/v1/argo/import', admin, { weights: 'heavy', topology: {} });
    expect(scalar.status).toBe(400);
    expect(((await scalar.json()) as any).errors.map((e: { field: string }) => e.field).sort()).toEqual(['topology', 'weights']);
    const settings = await call('POST', '/api/v1/argo/import', admin, { statusSettings: { defaultFreshnessSeconds: -5 } });
    expect(settings.status).toBe(400);
    expect(((await settings.json()) as any).errors).toEqual([{ field: 'statusSettings', reason: expect.stringContaining('defaultFreshnessSeconds must be an integer number of seconds') }]);
  });
});

describe('POST /api/v1/argo/import of a whole infrastructure', () => {
  it("takes EGI's full topology feed (about 1 MB of JSON, over the API's usual 100 kB) in one request", async () => {
    const rows = await readAvro(path.join(fixtures, 'egi/group_endpoints_v2.avro'));
    const body = JSON.stringify({ topologyEndpoints: { status: { message: 'Success', code: '200' }, data: rows } });
    expect(body.length).toBeGreaterThan(500_000);
    const res = await fetch(`${api.base}/api/v1/argo/import`, { method: 'POST', headers: authHeaders(admin, { 'content-type': 'application/json' }), body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).sections.topologyEndpoints.appended).toBe(1);
    const feeds = await events('topology-endpoints');
    expect(JSON.parse((feeds.at(-1)!.data as { profile: string }).profile)).toHaveLength(rows.length);
  });

  it('answers 400 for a body that is not JSON, after the role check (403 first)', async () => {
    const post = (key: string) => fetch(`${api.base}/api/v1/argo/import`, { method: 'POST', headers: authHeaders(key, { 'content-type': 'application/json' }), body: '{"metricProfile": ' });
    expect((await post(api.reader)).status).toBe(403);
    const res = await post(admin);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).code).toBe('INVALID_JSON');
  });
});

describe('PUT and GET /api/v1/status/settings', () => {
  it("answers ARGO's defaults for a tenant that set nothing: settings are per tenant", async () => {
    const res = await call('GET', '/api/v1/status/settings', adminB);
    expect(await res.json()).toEqual({ defaultFreshnessSeconds: 86400, metricFreshness: [], downtimeOverlay: ['SCHEDULED'], revision: null, setAt: null, source: null });
  });

  it('replaces the settings (omitted fields back to defaults) and appends nothing when they are already these', async () => {
    const put = (body: unknown) => call('PUT', '/api/v1/status/settings', adminB, body);
    const first = await put({ metricFreshness: [{ metric: 'b.metric', seconds: 60 }, { metric: 'a.metric', seconds: 120 }], downtimeOverlay: ['UNSCHEDULED', 'SCHEDULED'] });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      defaultFreshnessSeconds: 86400,
      metricFreshness: [{ metric: 'a.metric', seconds: 120 }, { metric: 'b.metric', seconds: 60 }],
      downtimeOverlay: ['SCHEDULED', 'UNSCHEDULED'],
      revision: 0,
      changed: true,
    });
    const same = await put({ downtimeOverlay: ['SCHEDULED', 'UNSCHEDULED'], metricFreshness: [{ metric: 'a.metric', seconds: 120 }, { metric: 'b.metric', seconds: 60 }] });
    expect(await same.json()).toMatchObject({ revision: 0, changed: false });
    const off = await put({ downtimeOverlay: [] });
    expect(await off.json()).toMatchObject({ metricFreshness: [], downtimeOverlay: [], revision: 1, changed: true });
    expect(await events('status-settings', api.tenants.b)).toHaveLength(2);
    // Tenant a's settings are untouched.
    expect(await (await call('GET', '/api/v1/status/settings', admin)).json()).toMatchObject({ defaultFreshnessSeconds: 7200, revision: 0 });
  });

  it('refuses invalid settings with each field and why, and changes nothing', async () => {
    const res = await call('PUT', '/api/v1/status/settings', adminB, {
      defaultFreshnessSeconds: 0,
      metricFreshness: [{ metric: 'has blank', seconds: 1.5 }],
      downtimeOverlay: ['WARNING'],
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as any).errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['defaultFreshnessSeconds', 'metricFreshness[0].metric', 'metricFreshness[0].seconds', 'downtimeOverlay']));
    const twice = await call('PUT', '/api/v1/status/settings', adminB, { metricFreshness: [{ metric: 'm', seconds: 60 }, { metric: 'm', seconds: 90 }] });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as any).errors).toEqual([{ field: 'metricFreshness[1].metric', reason: "'m' is given twice" }]);
    expect((await call('PUT', '/api/v1/status/settings', adminB, [])).status).toBe(400);
    expect(await events('status-settings', api.tenants.b)).toHaveLength(2);
  });
});

describe('conditional writes of /api/v1/status/settings', () => {
  it('sends the revision as ETag and refuses a PUT whose If-Match names an older one (409), changing nothing', async () => {
    const get = await call('GET', '/api/v1/status/settings', adminB);
    expect(get.headers.get('etag')).toBe('"1"');
    const put = (revision: string, body: unknown) =>
      fetch(`${api.base}/api/v1/status/settings`, { method: 'PUT', headers: authHeaders(adminB, { 'content-type': 'application/json', 'if-match': revision }), body: JSON.stringify(body) });
    const stale = await put('"0"', { downtimeOverlay: ['SCHEDULED'] });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as any).code).toBe('CONCURRENCY_CONFLICT');
    expect(await events('status-settings', api.tenants.b)).toHaveLength(2);
    const current = await put('"1"', { downtimeOverlay: [] });
    expect(current.status).toBe(200);
    expect(await current.json()).toMatchObject({ revision: 1, changed: false });
  });
});

describe('roles', () => {
  it('refuses reader and operator keys (403) on every route, before reading the body', async () => {
    const operator = await api.key('operator', api.tenants.a);
    for (const key of [api.reader, operator]) {
      expect((await call('POST', '/api/v1/argo/import', key, { metricProfile: {} })).status).toBe(403);
      expect((await call('PUT', '/api/v1/status/settings', key, { defaultFreshnessSeconds: 0 })).status).toBe(403);
      expect((await call('GET', '/api/v1/status/settings', key)).status).toBe(403);
    }
    expect((await call('GET', '/api/v1/status/settings', 'no-such-key')).status).toBe(401);
  });
});

describe('statuses follow the settings set through the API', () => {
  const MIN = 60_000;
  let projector: HostedStatusProjector | undefined;
  let bucket: string;

  afterAll(async () => {
    projector?.subscription.unsubscribe();
    await new Kvm(api.nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
  });

  it('turns a metric MISSING once its per-metric window passes, and shows no DOWNTIME with the overlay off', async () => {
    const tenant = api.tenants.b; // overlay off (set above)
    const T0 = Math.floor(Date.now() / MIN) * MIN - 60 * MIN;
    const metricProfile = { name: 'p', services: [{ service: 'ARC-CE', metrics: ['job', 'ping'] }] };
    expect((await call('POST', '/api/v1/argo/import', adminB, { metricProfile, statusSettings: { metricFreshness: [{ metric: 'ping', seconds: 120 }], downtimeOverlay: [] } })).status).toBe(200);
    const append = (category: string, id: string, type: string, data: unknown, who = tenant) =>
      api.store!.append({ tenant: who, category, id }, [{ type, data, occurredAt: T0, eventId: randomUUID() }], 'any');
    await append('site', 'SITE-A', 'SiteRegistered', siteRegistered({ shortName: 'SITE-A', ngi: 'NGI_A' }).data);
    await append('service', 's1', 'ServiceRegistered', serviceRegistered({ id: 's1', serviceType: 'ARC-CE', hostname: 'ce1.a.org', site: 'SITE-A' }).data);
    await append('downtime', 'dt1', 'DowntimeDeclared', {
      id: 'dt1', site: 'SITE-A', services: ['s1'], endpoints: [], severity: 'OUTAGE', classification: 'SCHEDULED', start: T0, end: T0 + 30 * MIN, description: 'planned',
    });
    for (const metric of ['job', 'ping'])
      await append('probe', `ce1-${metric}`, 'ProbeResultRecorded', {
        timestamp: T0 + MIN, service: 'ARC-CE', hostname: 'ce1.a.org', metric, status: 'OK', monitoringHost: null, summary: null, message: null, tags: null, actualData: null,
      });
    for (const at of [T0 + 2 * MIN, T0 + 4 * MIN]) await append('clock', 'minutes', 'ClockTicked', { at }, '_system');

    bucket = `vigil_argo_api_snapshots_${api.database.slice(-8)}`;
    const snapshots = await StatusSnapshotStore.open(api.nc, { bucket });
    const { stream, prefix } = api.events!;
    projector = await hostStatusProjector(api.nc, { store: api.store!, clickhouse: api.ch, schemas: catalog(), snapshots, stream, prefix, maxWaitMs: 20, onError: (err) => console.error(err) });
    for (let i = 0; i < 600 && (await consumerLag(api.nc, stream, projector.durable).catch(() => -1)) !== 0; i++) await new Promise((r) => setTimeout(r, 50));

    const rows = await api.ch.query<{ level: string; metric: string; status: string }>(sql`
      SELECT level, metric, status FROM status_current FINAL
      WHERE tenant = ${tenant} AND level IN ('metric', 'endpoint') AND status != '' ORDER BY level, metric`);
    // ping's result at T0+1min, 2 min window: MISSING from the tick at T0+4min; job keeps a day.
    expect(rows).toEqual([
      { level: 'endpoint', metric: '', status: 'MISSING' },
      { level: 'metric', metric: 'job', status: 'OK' },
      { level: 'metric', metric: 'ping', status: 'MISSING' },
    ]);
  }, 60_000);
});
