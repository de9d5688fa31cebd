import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRegistryApp, type RegistryTestApp } from '../shared/registry-test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 5, 2, 10);
const iso = (ms: number) => new Date(ms).toISOString();

describe('downtimes over HTTP', () => {
  let api: RegistryTestApp;
  beforeAll(async () => {
    api = await startRegistryApp({ now: NOW });
    await api.call('POST', '/api/v1/ngis', { name: 'NGI_XX', email: 'ops@example.org' });
    for (const [shortName, id] of [['SITE-A', '1G0'], ['SITE-A', '2G0'], ['SITE-B', '3G0']]) {
      await api.call('POST', '/api/v1/sites', { shortName, officialName: shortName, ngi: 'NGI_XX', country: 'Italy', timezone: 'Europe/Rome', domain: 'example.org' });
      const res = await api.call('POST', '/api/v1/services', { id, hostname: `${id.toLowerCase()}.example.org`, serviceType: 'SRM', site: shortName, production: true, monitored: true });
      expect(res.status).toBe(201);
    }
    expect((await api.call('POST', '/api/v1/services/2G0/endpoints', { id: 'E2', name: 'main', url: 'https://2g0.example.org' })).status).toBe(201);
  });
  beforeEach(() => {
    api.clock.now = NOW;
  });
  afterAll(async () => {
    await api?.close();
  });

  const downtime = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    services: ['1G0'],
    severity: 'OUTAGE',
    start: iso(NOW + 3 * DAY),
    end: iso(NOW + 4 * DAY),
    description: 'Kernel upgrade',
    ...over,
  });
  const declare = (id: string, over: Record<string, unknown> = {}) => api.call('POST', '/api/v1/downtimes', downtime(id, over));

  it('declares a downtime more than 24 h ahead as SCHEDULED on the site of its services', async () => {
    const created = await declare('DT-SCHED');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'DT-SCHED',
      site: 'SITE-A',
      services: ['1G0'],
      endpoints: [],
      severity: 'OUTAGE',
      classification: 'SCHEDULED',
      start: '2025-06-05T10:00:00.000Z',
      end: '2025-06-06T10:00:00.000Z',
      description: 'Kernel upgrade',
      ngi: 'NGI_XX',
      serviceTypes: ['SRM'],
      hostnames: ['1g0.example.org'],
      declaredAt: expect.any(String),
      updatedAt: expect.any(String),
      revision: 0,
    });
    expect((await api.read('/api/v1/downtimes/DT-SCHED')).body).toEqual(created.body);
  });

  it('declares a downtime starting within 24 h as UNSCHEDULED, with endpoints of its services', async () => {
    const created = await declare('DT-UNSCHED', { services: ['1G0', '2G0'], endpoints: ['E2'], start: iso(NOW + 2 * HOUR), end: iso(NOW + 6 * HOUR), severity: 'WARNING' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ classification: 'UNSCHEDULED', services: ['1G0', '2G0'], endpoints: ['E2'], severity: 'WARNING' });
  });

  it('refuses malformed dates, severities and an empty service list with 400 naming each field', async () => {
    const res = await declare('DT-BAD', { start: '2025-06-05 10:00', end: 'tomorrow', severity: 'DOWN', services: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['end', 'services', 'severity', 'start']);
    const noZone = await declare('DT-BAD', { start: '2025-06-05T10:00:00' });
    expect(noZone.body.errors[0]).toMatchObject({ field: 'start', reason: expect.stringMatching(/time zone/) });
    expect(await api.events('downtime', 'DT-BAD')).toEqual([]);
  });

  it.each([
    ['START_NOT_BEFORE_END', { start: iso(NOW + DAY), end: iso(NOW + DAY) }],
    ['START_TOO_FAR_IN_PAST', { start: iso(NOW - 49 * HOUR), end: iso(NOW) }],
    ['SERVICES_ON_SEVERAL_SITES', { services: ['1G0', '3G0'] }],
    ['UNKNOWN_SERVICE', { services: ['99G0'] }],
    ['ENDPOINT_NOT_IN_AFFECTED_SERVICES', { services: ['1G0'], endpoints: ['E2'] }],
  ])('refuses a downtime breaking %s with 409 and appends nothing', async (code, over) => {
    const res = await declare('DT-RULE', over);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe(code);
    expect(await api.events('downtime', 'DT-RULE')).toEqual([]);
  });

  it('accepts an outage that began up to 48 h ago', async () => {
    const res = await declare('DT-PAST', { start: iso(NOW - 47 * HOUR), end: iso(NOW - HOUR) });
    expect(res.status).toBe(201);
    expect(res.body.classification).toBe('UNSCHEDULED');
  });

  it('reclassifies on edit and refuses to extend a downtime', async () => {
    await declare('DT-EDIT');
    const moved = await api.call('PATCH', '/api/v1/downtimes/DT-EDIT', { start: iso(NOW + 2 * HOUR), description: 'Sooner' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ classification: 'UNSCHEDULED', start: iso(NOW + 2 * HOUR), description: 'Sooner', revision: 1 });
    const longer = await api.call('PATCH', '/api/v1/downtimes/DT-EDIT', { end: iso(NOW + 5 * DAY) });
    expect(longer.status).toBe(409);
    expect(longer.body).toMatchObject({ code: 'DOWNTIME_EXTENSION_FORBIDDEN', errors: [{ field: 'end' }] });
    expect(await api.events('downtime', 'DT-EDIT')).toHaveLength(2);
  });

  it('freezes a SCHEDULED downtime once its start is within 24 h: no edit, no delete', async () => {
    await declare('DT-FROZEN');
    api.clock.now = NOW + 3 * DAY - 23 * HOUR;
    const edit = await api.call('PATCH', '/api/v1/downtimes/DT-FROZEN', { description: 'typo' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('SCHEDULED_DOWNTIME_LOCKED');
    const cancel = await api.call('DELETE', '/api/v1/downtimes/DT-FROZEN');
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('SCHEDULED_DOWNTIME_LOCKED');
    expect((await api.read('/api/v1/downtimes/DT-FROZEN')).body.description).toBe('Kernel upgrade');
    expect(await api.events('downtime', 'DT-FROZEN')).toHaveLength(1);
  });

  it('deletes a downtime before its start only', async () => {
    await declare('DT-CANCEL');
    expect((await api.call('DELETE', '/api/v1/downtimes/DT-CANCEL')).status).toBe(204);
    expect((await api.read('/api/v1/downtimes/DT-CANCEL')).status).toBe(404);
    expect((await api.read('/api/v1/downtimes?limit=1000')).body.items.map((d: { id: string }) => d.id)).not.toContain('DT-CANCEL');
    await declare('DT-STARTED', { start: iso(NOW - HOUR), end: iso(NOW + HOUR) });
    const started = await api.call('DELETE', '/api/v1/downtimes/DT-STARTED');
    expect(started.status).toBe(409);
    expect(started.body.code).toBe('DOWNTIME_ALREADY_STARTED');
  });

  it('ends an ongoing downtime a minute from now, and refuses one not yet started', async () => {
    await declare('DT-ONGOING', { start: iso(NOW - HOUR), end: iso(NOW + 5 * HOUR) });
    api.clock.now = NOW + 30 * 60_000;
    const ended = await api.call('POST', '/api/v1/downtimes/DT-ONGOING/end');
    expect(ended.status).toBe(200);
    expect(ended.body.end).toBe(iso(NOW + 31 * 60_000));
    const notStarted = await declare('DT-LATER', { start: iso(NOW + 2 * DAY), end: iso(NOW + 3 * DAY) });
    expect(notStarted.status).toBe(201);
    const early = await api.call('POST', '/api/v1/downtimes/DT-LATER/end');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('DOWNTIME_NOT_STARTED');
  });

  it('refuses to edit a finished downtime', async () => {
    await declare('DT-DONE', { start: iso(NOW + HOUR), end: iso(NOW + 2 * HOUR) });
    api.clock.now = NOW + 3 * HOUR;
    const res = await api.call('PATCH', '/api/v1/downtimes/DT-DONE', { description: 'late fix' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DOWNTIME_FINISHED');
  });

  it('answers 404 for an unknown downtime', async () => {
    expect((await api.read('/api/v1/downtimes/DT-NONE')).status).toBe(404);
    expect((await api.call('PATCH', '/api/v1/downtimes/DT-NONE', { description: 'x' })).status).toBe(404);
    expect((await api.call('DELETE', '/api/v1/downtimes/DT-NONE')).status).toBe(404);
  });

  it('lists downtimes by start time and by site', async () => {
    const all = (await api.read('/api/v1/downtimes?limit=1000')).body.items as { start: string; site: string }[];
    expect(all.length).toBeGreaterThan(3);
    expect(all.map((d) => d.start)).toEqual([...all.map((d) => d.start)].sort());
    await declare('DT-SITE-B', { services: ['3G0'] });
    const siteB = await api.read('/api/v1/downtimes?site=SITE-B');
    expect(siteB.body.items.map((d: { id: string }) => d.id)).toEqual(['DT-SITE-B']);
  });
});
