import { describe, expect, it } from 'vitest';
import { catalog, type RecordedEvent } from '@vigil/events';
import type { StatusChangedData } from '@vigil/domain';
import { alarmProjection } from './alarm.projection';

const T0 = Date.parse('2025-06-02T08:00:00Z');
const HOUR = 3_600_000;
const site = { shortName: 'SITE', officialName: 'Site', ngi: 'NGI_X', country: 'IT', timezone: 'UTC', domain: 'x', productionInfrastructure: 'Production', scopes: [], contacts: [], certificationStatus: 'Certified' };
const service = { id: 's1', hostname: 'ce.example.org', serviceType: 'CE', site: 'SITE', production: true, monitored: true, beta: false, notify: true, url: null, scopes: [] };
const change = (status: string, since: number): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI_X', endpointGroup: 'SITE', function: '', service: 'CE', hostname: 'ce.example.org', metric: '', status, previousStatus: '', since, triggerEventId: null,
});

let sequence = 0;
function recorded(tenant: string, type: string, data: unknown, eventId = `e${sequence + 1}`): RecordedEvent {
  sequence++;
  return { eventId, type, schemaVersion: 1, fingerprint: '', tenant, category: 'x', streamId: 'x', occurredAt: T0, recordedAt: T0, correlationId: null, causationId: null, data, revision: 0, position: sequence * 10_000 };
}
const tick = (at: number) => recorded('_system', 'ClockTicked', { at });

describe('alarm projection', () => {
  it('appends an alarm stream and, a day later, the site ticket, with rows for every table', () => {
    const p = alarmProjection();
    const w1 = p.applyBatch([recorded('a', 'SiteRegistered', site), recorded('a', 'ServiceRegistered', service), recorded('a', 'StatusChanged', change('CRITICAL', T0))]);
    expect(w1.appends.map((a) => [a.category, a.events.map((e) => e.type)])).toEqual([['alarm', ['AlarmRaised']]]);
    expect(w1.currentRows).toMatchObject([{ state: 'open', site: 'SITE', ngi: 'NGI_X', hostname: 'ce.example.org', status: 'CRITICAL' }]);
    const w2 = p.applyBatch([tick(T0 + 24 * HOUR), tick(T0 + 24 * HOUR + 60_000)]);
    expect(w2.appends.map((a) => [a.category, a.events.map((e) => e.type)])).toEqual([['ticket', ['TicketOpened']], ['alarm', ['AlarmAttachedToTicket']]]);
    for (const e of w2.appends.flatMap((a) => a.events)) catalog().encode(e.type, e.data);
    expect(w2.ticketRows).toMatchObject([{ site: 'SITE', ngi: 'NGI_X', state: 'open', step: 'FIRST', alarms: 1 }]);
    expect(w2.currentRows[0].ticket_id).toBe(w2.appends[0].id);
  });

  it('takes its own ticket events back from the log without writing them again', () => {
    const p = alarmProjection();
    p.applyBatch([recorded('a', 'SiteRegistered', site), recorded('a', 'ServiceRegistered', service), recorded('a', 'StatusChanged', change('CRITICAL', T0))]);
    const opened = p.applyBatch([tick(T0 + 25 * HOUR)]).appends[0].events[0];
    const back = p.applyBatch([recorded('a', 'TicketOpened', opened.data, opened.eventId)]);
    expect(back).toEqual({ appends: [], historyRows: [], currentRows: [], ticketRows: [], downtimeRows: [] });
  });

  it('writes a ticket opened by hand and counts the alarms it comes to mask', () => {
    const p = alarmProjection();
    p.applyBatch([recorded('a', 'SiteRegistered', site), recorded('a', 'ServiceRegistered', service), recorded('a', 'StatusChanged', change('CRITICAL', T0))]);
    const ticket = { id: 'T1', site: 'SITE', subject: 's', description: '', alarms: [], step: 'FIRST', deadline: T0 + 72 * HOUR, expiresAt: T0 + 72 * HOUR };
    expect(p.applyBatch([recorded('a', 'TicketOpened', ticket)]).ticketRows).toMatchObject([{ ticket_id: 'T1', alarms: 0 }]);
    const w = p.applyBatch([tick(T0 + 25 * HOUR)]);
    expect(w.appends.map((a) => a.events[0].type)).toEqual(['AlarmAttachedToTicket']);
    expect(w.ticketRows).toMatchObject([{ ticket_id: 'T1', alarms: 1 }]);
  });

  it("follows the tenant's settings from their event on: no automatic ticket once turned off", () => {
    const p = alarmProjection();
    p.applyBatch([recorded('a', 'SiteRegistered', site), recorded('a', 'ServiceRegistered', service), recorded('a', 'AlarmSettingsSet', { autoTicket: false, ticketAfter: 24 * HOUR, holidays: [] })]);
    p.applyBatch([recorded('a', 'StatusChanged', change('CRITICAL', T0))]);
    expect(p.applyBatch([tick(T0 + 3 * 24 * HOUR)]).appends).toEqual([]);
    const on = p.applyBatch([recorded('a', 'AlarmSettingsSet', { autoTicket: true, ticketAfter: 24 * HOUR, holidays: [] }), tick(T0 + 3 * 24 * HOUR + 60_000)]);
    expect(on.appends.map((a) => a.events[0].type)).toEqual(['TicketOpened', 'AlarmAttachedToTicket']);
  });

  it('shows the deadline an update pushed back, as escalation will apply it', () => {
    const p = alarmProjection();
    p.applyBatch([recorded('a', 'SiteRegistered', site)]);
    const ticket = { id: 'T1', site: 'SITE', subject: 's', description: '', alarms: [], step: 'FIRST', deadline: Date.parse('2025-06-05T08:00:00Z'), expiresAt: T0 + 72 * HOUR };
    p.applyBatch([recorded('a', 'TicketOpened', ticket)]);
    const comment = { ...recorded('a', 'TicketCommented', { id: 'T1', author: 'site', text: 'on it' }), occurredAt: Date.parse('2025-06-04T12:00:00Z') };
    expect(p.applyBatch([comment]).ticketRows.map((r) => r.deadline.toISOString())).toEqual(['2025-06-09T12:00:00.000Z']);
    expect(p.applyBatch([tick(Date.parse('2025-06-06T08:00:00Z'))]).appends).toEqual([]);
    expect(p.applyBatch([tick(Date.parse('2025-06-09T12:00:00Z'))]).appends.map((a) => a.events[0].type)).toEqual(['TicketEscalated']);
  });
});
