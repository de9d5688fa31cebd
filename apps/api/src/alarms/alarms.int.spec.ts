import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_SETTINGS_STREAM } from '@vigil/domain';
import { authHeaders } from '@vigil/testing';
import { startTestApi, type TestApi } from '../../../../test/support/test-api';
import { AlarmsModule } from './alarms.module';

const H = 3_600_000;
const D = 24 * H;
const now = Date.now();
let api: TestApi;
let tenant: string;

const get = async (path: string, key = api.reader) => {
  const res = await fetch(`${api.base}${path}`, { headers: authHeaders(key) });
  return { status: res.status, body: (await res.json()) as any };
};

const alarm = (alarm_id: string, site: string, ngi: string, raisedAt: number, state = 'open', ticket_id = '') => ({
  tenant, alarm_id, state, site, ngi, service_id: `s-${alarm_id}`, service: 'SRM', hostname: `${alarm_id}.example.org`, status: state === 'open' ? 'CRITICAL' : 'OK', ticket_id,
  reason: state === 'open' ? '' : 'RECOVERED', raised_at: new Date(raisedAt), cleared_at: state === 'open' ? null : new Date(raisedAt + H), updated_at: new Date(raisedAt), position: 1,
});
const ticket = (ticket_id: string, site: string, openedAt: number, expiresAt: number, state = 'open') => ({
  tenant, ticket_id, site, ngi: 'NGI_A', state, step: 'FIRST', deadline: new Date(openedAt + 3 * D), expires_at: new Date(expiresAt), opened_at: new Date(openedAt), closed_at: null, alarms: 1, position: 1,
});

beforeAll(async () => {
  api = await startTestApi('alarms_api', [AlarmsModule], { events: true });
  tenant = api.tenants.a;
  await api.ch.insert('alarms_current', [
    alarm('a1', 'SITE-A', 'NGI_A', now - 4 * D, 'open', 'T-A'),
    alarm('a2', 'SITE-A', 'NGI_A', now - 2 * H),
    alarm('a3', 'SITE-B', 'NGI_B', now - 3 * H),
    alarm('a4', 'SITE-B', 'NGI_B', now - 5 * D, 'cleared'),
    // The same alarm written again later (a redelivery or its clearance): the latest row counts.
    { ...alarm('a3', 'SITE-B', 'NGI_B', now - 3 * H), position: 0, status: 'WARNING' },
  ]);
  await api.ch.insert('alarms_history', [
    { tenant, alarm_id: 'a4', event: 'RAISED', site: 'SITE-B', ngi: 'NGI_B', service: 'SRM', hostname: 'a4.example.org', status: 'CRITICAL', ticket_id: '', reason: '', at: new Date(now - 5 * D), position: 10 },
    { tenant, alarm_id: 'a4', event: 'CLEARED', site: 'SITE-B', ngi: 'NGI_B', service: 'SRM', hostname: 'a4.example.org', status: 'OK', ticket_id: '', reason: 'RECOVERED', at: new Date(now - 5 * D + H), position: 20 },
  ]);
  await api.ch.insert('tickets_current', [
    ticket('T-A', 'SITE-A', now - 4 * D, now - 1 * D),
    ticket('T-C', 'SITE-C', now - 40 * D, now + 10 * D),
    ticket('T-D', 'SITE-D', now - 10 * D, now - 4 * D),
    ticket('T-E', 'SITE-E', now - 60 * D, now - 50 * D, 'closed'),
  ]);
  await api.ch.insert('downtimes_current', [
    { tenant, downtime_id: 'DT-long', site: 'SITE-F', severity: 'OUTAGE', start_time: new Date(now - D), end_time: new Date(now + 40 * D), cancelled: 0, position: 1 },
    { tenant, downtime_id: 'DT-short', site: 'SITE-G', severity: 'OUTAGE', start_time: new Date(now - D), end_time: new Date(now + 2 * D), cancelled: 0, position: 1 },
    { tenant, downtime_id: 'DT-cancelled', site: 'SITE-H', severity: 'OUTAGE', start_time: new Date(now + D), end_time: new Date(now + 60 * D), cancelled: 1, position: 1 },
  ]);
  const site = (name: string, ngi: string) => ({ tenant, endpoint_group: name, group_type: 'SITES', supergroup: ngi, tags: '{}', valid_from: new Date(now - 100 * D), position: 1, removed: 0 });
  await api.ch.insert('topology_groups', [site('SITE-F', 'NGI_F'), site('SITE-K', 'NGI_K'), site('SITE-L', 'NGI_K')]);
  // 30 final days: SITE-K down half the time (availability 50 %), SITE-L up (99 %); today's open row does not count.
  const day = (n: number) => new Date(now - n * D).toISOString().slice(0, 10);
  const arRow = (group: string, n: number, up: number, final = 1) => ({ tenant, level: 'group', supergroup: 'NGI_K', endpoint_group: group, function: '', service: '', hostname: '', day: day(n), availability: up * 100, reliability: up * 100, up, unknown: 0, down: 0, final, position: 1 });
  const days = Array.from({ length: 30 }, (_, i) => i + 1);
  await api.ch.insert('ar_daily', [...days.map((n) => arRow('SITE-K', n, 0.5)), ...days.map((n) => arRow('SITE-L', n, 0.99)), arRow('SITE-L', 0, 0, 0)]);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/alarms', () => {
  it('lists the alarms newest first, as the latest row of each says', async () => {
    const { status, body } = await get('/api/v1/alarms');
    expect(status).toBe(200);
    expect(body.items.map((a: any) => [a.alarmId, a.state, a.status])).toEqual([
      ['a2', 'open', 'CRITICAL'],
      ['a3', 'open', 'CRITICAL'],
      ['a1', 'open', 'CRITICAL'],
      ['a4', 'cleared', 'OK'],
    ]);
    expect(body.items[2]).toMatchObject({ site: 'SITE-A', ngi: 'NGI_A', ticketId: 'T-A', reason: null, clearedAt: null, raisedAt: new Date(Math.floor((now - 4 * D) / 1000) * 1000).toISOString() });
    expect(body.items[3]).toMatchObject({ reason: 'RECOVERED', ticketId: null, clearedAt: expect.any(String) });
    expect(body.nextCursor).toBeNull();
  });

  it('filters by site (or endpointGroup), NGI and state', async () => {
    const ids = async (q: string) => (await get(`/api/v1/alarms?${q}`)).body.items.map((a: any) => a.alarmId);
    expect(await ids('site=SITE-A')).toEqual(['a2', 'a1']);
    expect(await ids('endpointGroup=SITE-B&state=open')).toEqual(['a3']);
    expect(await ids('ngi=NGI_B')).toEqual(['a3', 'a4']);
    expect(await ids('state=cleared')).toEqual(['a4']);
  });

  it('finds alarms by host (any case) and service type', async () => {
    expect((await get('/api/v1/alarms?hostname=A3.Example.org&service=SRM')).body.items.map((a: any) => a.alarmId)).toEqual(['a3']);
    expect((await get('/api/v1/alarms?service=ARC-CE')).body.items).toEqual([]);
  });

  it('shows one alarm with its history, and 404 for an unknown one', async () => {
    const { status, body } = await get('/api/v1/alarms/a4');
    expect(status).toBe(200);
    expect(body).toMatchObject({ alarmId: 'a4', state: 'cleared' });
    expect(body.history.map((h: any) => [h.event, h.status, h.reason])).toEqual([['RAISED', 'CRITICAL', null], ['CLEARED', 'OK', 'RECOVERED']]);
    const missing = await get('/api/v1/alarms/nope');
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await get('/api/v1/alarms/a4', await api.key('reader', api.tenants.b))).status).toBe(404);
  });

  it('pages with a cursor', async () => {
    const first = await get('/api/v1/alarms?limit=3');
    expect(first.body.items.map((a: any) => a.alarmId)).toEqual(['a2', 'a3', 'a1']);
    const second = await get(`/api/v1/alarms?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [expect.objectContaining({ alarmId: 'a4' })], nextCursor: null });
  });

  it('names the field of a bad filter or cursor', async () => {
    for (const [q, field] of [['state=burning', 'state'], ['limit=0', 'limit'], ['cursor=nonsense', 'cursor'], ['site=SITE-A&endpointGroup=SITE-B', 'endpointGroup']]) {
      const { status, body } = await get(`/api/v1/alarms?${q}`);
      expect([q, status, body.errors?.[0]?.field]).toEqual([q, 400, field]);
    }
  });

  it("never shows another tenant's alarms, and asks for a key", async () => {
    const other = await get('/api/v1/alarms', await api.key('reader', api.tenants.b));
    expect(other.body.items).toEqual([]);
    expect((await fetch(`${api.base}/api/v1/alarms`)).status).toBe(401);
  });
});

describe('GET /api/v1/oversight', () => {
  it('lists the sites meeting the Operations Portal oversight criteria, and why', async () => {
    const { status, body } = await get('/api/v1/oversight');
    expect(status).toBe(200);
    expect(body.sites.map((s: any) => [s.site, s.ngi, s.reasons])).toEqual([
      ['SITE-A', 'NGI_A', ['ALARMS_OLDER_THAN_72H']],
      ['SITE-C', 'NGI_A', ['TICKETS_UNSOLVED_FOR_A_MONTH']],
      ['SITE-D', 'NGI_A', ['TICKETS_EXPIRED_FOR_3_DAYS']],
      ['SITE-F', 'NGI_F', ['DOWNTIMES_LONGER_THAN_A_MONTH']],
      ['SITE-K', 'NGI_K', ['AR_BELOW_TARGETS']],
    ]);
    expect(body.sites[4]).toMatchObject({ availability: 50, reliability: 50 });
    expect(body.sites[0]).toMatchObject({ availability: null, reliability: null });
    expect(body.sites[0]).toMatchObject({ oldAlarms: ['a1'], unsolvedTickets: [], expiredTickets: [], longDowntimes: [] });
    expect(body.sites[3].longDowntimes).toEqual(['DT-long']);
  });

  it('narrows to one NGI', async () => {
    expect((await get('/api/v1/oversight?ngi=NGI_F')).body.sites.map((s: any) => s.site)).toEqual(['SITE-F']);
  });
});

describe('/api/v1/alarm-settings', () => {
  const put = async (key: string, body: unknown) => {
    const res = await fetch(`${api.base}/api/v1/alarm-settings`, { method: 'PUT', headers: authHeaders(key, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('shows the Operations Portal defaults until set', async () => {
    expect((await get('/api/v1/alarm-settings')).body).toEqual({ autoTicket: true, ticketAfterHours: 24, holidays: [] });
  });

  it('lets an admin set them, as one event', async () => {
    const admin = await api.key('admin', tenant);
    const settings = { autoTicket: true, ticketAfterHours: 48, holidays: ['2025-12-26', '2025-12-25'] };
    expect(await put(admin, settings)).toEqual({ status: 200, body: { autoTicket: true, ticketAfterHours: 48, holidays: ['2025-12-25', '2025-12-26'] } });
    expect((await put(admin, settings)).status).toBe(200);
    const stream = await api.store!.readStream({ tenant, ...ALARM_SETTINGS_STREAM });
    expect(stream.map((e) => [e.type, e.data])).toEqual([['AlarmSettingsSet', { autoTicket: true, ticketAfter: 48 * H, holidays: ['2025-12-25', '2025-12-26'] }]]);
    expect((await get('/api/v1/alarm-settings')).body.ticketAfterHours).toBe(48);
  });

  it('refuses readers and operators, and bad values with their field, changing nothing', async () => {
    const ok = { autoTicket: false, ticketAfterHours: 24, holidays: [] };
    expect((await put(api.reader, ok)).status).toBe(403);
    expect((await put(await api.key('operator', tenant), ok)).status).toBe(403);
    const admin = await api.key('admin', tenant);
    for (const [body, field] of [
      [{ ...ok, holidays: ['2025-02-30'] }, 'holidays'],
      [{ ...ok, holidays: ['25/12/2025'] }, 'holidays'],
      [{ ...ok, ticketAfterHours: 0 }, 'ticketAfterHours'],
      [{ ticketAfterHours: 24, holidays: [] }, 'autoTicket'],
    ] as const) {
      const res = await put(admin, body);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, field]);
    }
    expect((await api.store!.readStream({ tenant, ...ALARM_SETTINGS_STREAM })).length).toBe(1);
  });
});
