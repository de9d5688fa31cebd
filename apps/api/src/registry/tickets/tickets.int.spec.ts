import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRegistryApp, type RegistryTestApp } from '../shared/registry-test-app';

/** A Monday, 10:00 UTC. */
const NOW = Date.UTC(2025, 5, 2, 10);

describe('tickets over HTTP', () => {
  let api: RegistryTestApp;
  beforeAll(async () => {
    api = await startRegistryApp({ now: NOW });
    await api.call('POST', '/api/v1/ngis', { name: 'NGI_XX', email: 'ops@example.org' });
    const site = await api.call('POST', '/api/v1/sites', { shortName: 'SITE-A', officialName: 'A', ngi: 'NGI_XX', country: 'Italy', timezone: 'Europe/Rome', domain: 'example.org' });
    expect(site.status).toBe(201);
  });
  beforeEach(() => {
    api.clock.now = NOW;
  });
  afterAll(async () => {
    await api?.close();
  });

  const open = (id: string, over: Record<string, unknown> = {}) => api.call('POST', '/api/v1/tickets', { id, site: 'SITE-A', subject: 'CE failing', ...over });

  it('opens a ticket at the first step with a 3-working-day deadline and a 3-day expiry, linking alarms', async () => {
    const created = await open('T1', { description: 'srm-get fails since Friday', alarms: ['A1', 'A2', 'A1'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'T1',
      site: 'SITE-A',
      subject: 'CE failing',
      description: 'srm-get fails since Friday',
      alarms: ['A1', 'A2'],
      status: 'open',
      step: 'FIRST',
      deadline: '2025-06-05T10:00:00.000Z',
      expiresAt: '2025-06-05T10:00:00.000Z',
      assignee: null,
      resolution: null,
      openedAt: expect.any(String),
      closedAt: null,
      comments: [],
      revision: 0,
    });
    expect((await api.read('/api/v1/tickets/T1')).body).toEqual(created.body);
  });

  it('refuses a ticket against an unknown site with 409 and a missing subject with 400', async () => {
    const unknown = await open('T-NOSITE', { site: 'SITE-NONE' });
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_SITE', errors: [{ field: 'site' }] });
    const noSubject = await api.call('POST', '/api/v1/tickets', { id: 'T-NOSUBJECT', site: 'SITE-A' });
    expect(noSubject.status).toBe(400);
    expect(noSubject.body.errors[0].field).toBe('subject');
    expect(await api.events('ticket', 'T-NOSITE')).toEqual([]);
    expect(await api.events('ticket', 'T-NOSUBJECT')).toEqual([]);
  });

  it('takes comments, an assignee and a new expiry', async () => {
    await open('T2');
    const commented = await api.call('POST', '/api/v1/tickets/T2/comments', { text: 'Looking into it', author: 'shifter' });
    expect(commented.status).toBe(201);
    const anonymous = await api.call('POST', '/api/v1/tickets/T2/comments', { text: 'Restarted the CE' });
    expect(anonymous.body.comments.map((c: { author: string; text: string }) => [c.author, c.text])).toEqual([
      ['shifter', 'Looking into it'],
      [expect.stringMatching(/^key_/), 'Restarted the CE'],
    ]);
    const assigned = await api.call('PUT', '/api/v1/tickets/T2/assignee', { assignee: 'site-admin@example.org' });
    expect(assigned.body.assignee).toBe('site-admin@example.org');
    const expiry = await api.call('PUT', '/api/v1/tickets/T2/expiry', { expiresAt: '2025-06-20T00:00:00Z' });
    expect(expiry.status).toBe(200);
    expect(expiry.body.expiresAt).toBe('2025-06-20T00:00:00.000Z');
    const past = await api.call('PUT', '/api/v1/tickets/T2/expiry', { expiresAt: '2025-06-01T00:00:00Z' });
    expect(past.status).toBe(409);
    expect(past.body).toMatchObject({ code: 'TICKET_EXPIRY_IN_PAST', errors: [{ field: 'expiresAt' }] });
    expect((await api.read('/api/v1/tickets/T2')).body).toMatchObject({ assignee: 'site-admin@example.org', expiresAt: '2025-06-20T00:00:00.000Z', revision: 4 });
  });

  it('escalates step by step with working-day deadlines until there is no step left', async () => {
    await open('T3');
    api.clock.now = Date.UTC(2025, 5, 5, 10);
    const second = await api.call('POST', '/api/v1/tickets/T3/escalate');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ step: 'SECOND', deadline: '2025-06-10T10:00:00.000Z' });
    expect((await api.call('POST', '/api/v1/tickets/T3/escalate')).body.step).toBe('NGI');
    expect((await api.call('POST', '/api/v1/tickets/T3/escalate')).body.step).toBe('OPERATIONS');
    const exhausted = await api.call('POST', '/api/v1/tickets/T3/escalate');
    expect(exhausted.status).toBe(409);
    expect(exhausted.body.code).toBe('ESCALATION_EXHAUSTED');
  });

  it('closes a ticket with a resolution, after which it refuses every change', async () => {
    await open('T4');
    const noResolution = await api.call('POST', '/api/v1/tickets/T4/close', {});
    expect(noResolution.status).toBe(400);
    expect(noResolution.body.errors[0].field).toBe('resolution');
    const closed = await api.call('POST', '/api/v1/tickets/T4/close', { resolution: 'Disk replaced' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', resolution: 'Disk replaced', closedAt: expect.any(String) });
    for (const [method, url, body] of [
      ['POST', '/api/v1/tickets/T4/close', { resolution: 'again' }],
      ['POST', '/api/v1/tickets/T4/comments', { text: 'hello?' }],
      ['POST', '/api/v1/tickets/T4/escalate', undefined],
    ] as const) {
      const res = await api.call(method, url, body);
      expect(res.status, url).toBe(409);
      expect(res.body.code).toBe('TICKET_CLOSED');
    }
    expect((await api.events('ticket', 'T4')).map((e) => e.type)).toEqual(['TicketOpened', 'TicketClosed']);
  });

  it('answers 404 for an unknown ticket', async () => {
    expect((await api.read('/api/v1/tickets/T-NONE')).status).toBe(404);
    expect((await api.call('POST', '/api/v1/tickets/T-NONE/comments', { text: 'x' })).status).toBe(404);
  });

  it('lists tickets by status', async () => {
    const open = await api.read('/api/v1/tickets?status=open&limit=1000');
    const closed = await api.read('/api/v1/tickets?status=closed');
    expect(open.body.items.map((t: { id: string }) => t.id)).toEqual(['T1', 'T2', 'T3']);
    expect(closed.body.items.map((t: { id: string }) => t.id)).toEqual(['T4']);
    expect((await api.read('/api/v1/tickets?status=pending')).status).toBe(400);
  });
});
