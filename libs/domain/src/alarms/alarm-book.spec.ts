import { describe, expect, it } from 'vitest';
import { expectSchemaRoundTrip } from '../shared/decider-spec';
import { DAY, HOUR, MINUTE } from '../shared/time';
import type { StatusChangedData } from '../status/status.types';
import { serviceRegistered, siteRegistered } from '../topology/topology.fixtures';
import { AlarmBook, type AlarmOutput } from './alarm-book';

const T0 = Date.parse('2025-06-02T08:00:00Z'); // a Monday
const SITE = 'EXAMPLE-SITE';
const CE = serviceRegistered().data;
const SE = { ...CE, id: '2G0', hostname: 'se01.example.org', serviceType: 'SRM' };

const change = (status: string, since: number, s = CE, endpointGroup = SITE): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI_XX', endpointGroup, function: '', service: s.serviceType, hostname: s.hostname, metric: '', status, previousStatus: '', since, triggerEventId: null,
});

let n = 0;
const trigger = () => `e${++n}`;
const types = (out: AlarmOutput[]) => out.map((o) => o.event.type);

function book(): AlarmBook {
  const b = new AlarmBook('t1');
  b.site(siteRegistered());
  b.service(CE, trigger());
  b.service(SE, trigger());
  return b;
}

/** Ticks every 10 minutes from `from` through `to`, collecting what they decide. */
function ticks(b: AlarmBook, from: number, to: number): AlarmOutput[] {
  const out: AlarmOutput[] = [];
  for (let t = from; t <= to; t += 10 * MINUTE) out.push(...b.tick(t, `tick-${t}`));
  return out;
}

describe('alarms', () => {
  it('raises an alarm against the site when a monitored production endpoint turns CRITICAL', () => {
    const out = book().statusChanged(change('CRITICAL', T0), trigger());
    expect(types(out)).toEqual(['AlarmRaised']);
    expect(out[0].event.data).toMatchObject({ site: SITE, ngi: 'NGI_XX', service: CE.serviceType, hostname: CE.hostname, status: 'CRITICAL', raisedAt: T0 });
    expectSchemaRoundTrip(out.map((o) => o.event));
  });

  it('raises nothing for WARNING, for another endpoint group than the site, or for metric-level changes', () => {
    const b = book();
    expect(b.statusChanged(change('WARNING', T0), trigger())).toEqual([]);
    expect(b.statusChanged(change('CRITICAL', T0, CE, 'SOME-SERVICE-GROUP'), trigger())).toEqual([]);
    expect(b.statusChanged({ ...change('CRITICAL', T0), level: 'metric', metric: 'org.probe' }, trigger())).toEqual([]);
  });

  it('raises nothing for an unmonitored or non-production endpoint, and clears when one stops being monitored', () => {
    const b = book();
    b.service({ ...SE, monitored: false }, trigger());
    expect(b.statusChanged(change('CRITICAL', T0, SE), trigger())).toEqual([]);
    b.service({ ...CE, production: false }, trigger());
    expect(b.statusChanged(change('CRITICAL', T0, CE), trigger())).toEqual([]);
    const raised = b.service(CE, trigger());
    expect(types(raised)).toEqual(['AlarmRaised']);
    const cleared = b.service({ ...CE, monitored: false }, trigger());
    expect(cleared.map((o) => o.event.data)).toEqual([expect.objectContaining({ reason: 'UNMONITORED' })]);
  });

  it('clears the alarm when the endpoint recovers, and a new failure is a new alarm', () => {
    const b = book();
    const [raised] = b.statusChanged(change('CRITICAL', T0), trigger());
    const [cleared] = b.statusChanged(change('OK', T0 + HOUR), trigger());
    expect(cleared.event).toEqual({ type: 'AlarmCleared', data: { alarmId: raised.streamId, reason: 'RECOVERED', status: 'OK', clearedAt: T0 + HOUR } });
    const [again] = b.statusChanged(change('CRITICAL', T0 + 2 * HOUR), trigger());
    expect(again.streamId).not.toBe(raised.streamId);
  });

  it('keeps quiet during an OUTAGE downtime and raises the alarm when the downtime ends', () => {
    const b = book();
    b.tick(T0, trigger());
    b.downtime({ id: 'd1', services: [CE.id], severity: 'OUTAGE', start: T0, end: T0 + 2 * HOUR }, trigger());
    expect(b.statusChanged(change('CRITICAL', T0 + MINUTE), trigger())).toEqual([]);
    expect(ticks(b, T0 + 10 * MINUTE, T0 + 110 * MINUTE)).toEqual([]);
    const out = b.tick(T0 + 2 * HOUR, trigger());
    expect(out.map((o) => [o.event.type, o.event.data])).toEqual([['AlarmRaised', expect.objectContaining({ raisedAt: T0 + 2 * HOUR })]]);
  });

  it('clears an open alarm when an OUTAGE downtime starts, but not for a WARNING one', () => {
    const b = book();
    b.statusChanged(change('CRITICAL', T0), trigger());
    b.downtime({ id: 'w', services: [CE.id], severity: 'WARNING', start: T0, end: T0 + DAY }, trigger());
    b.downtime({ id: 'o', services: [CE.id], severity: 'OUTAGE', start: T0 + HOUR, end: T0 + DAY }, trigger());
    expect(ticks(b, T0, T0 + 50 * MINUTE)).toEqual([]);
    expect(b.tick(T0 + HOUR, trigger()).map((o) => o.event.data)).toEqual([expect.objectContaining({ reason: 'DOWNTIME' })]);
  });
});

describe('automatic tickets', () => {
  it('opens a ticket against the site once an alarm is in error for more than 24 h', () => {
    const b = book();
    const [raised] = b.statusChanged(change('CRITICAL', T0), trigger());
    expect(ticks(b, T0, T0 + DAY)).toEqual([]);
    const out = b.tick(T0 + DAY + MINUTE, trigger());
    expect(types(out)).toEqual(['TicketOpened', 'AlarmAttachedToTicket']);
    const opened = out[0];
    expect(opened.category).toBe('ticket');
    expect(opened.event.data).toMatchObject({ site: SITE, alarms: [raised.streamId], step: 'FIRST', deadline: Date.parse('2025-06-06T08:01:00Z') });
    expect(out[1].event.data).toMatchObject({ alarmId: raised.streamId, ticketId: opened.streamId });
    expectSchemaRoundTrip(out.map((o) => o.event));
  });

  it('masks the other alarms of the site under the open ticket, and new ones as they come', () => {
    const b = book();
    const [ce] = b.statusChanged(change('CRITICAL', T0), trigger());
    const [se] = b.statusChanged(change('CRITICAL', T0 + 20 * HOUR, SE), trigger());
    const out = ticks(b, T0, T0 + DAY + 10 * MINUTE);
    expect(out[0].event.data).toMatchObject({ alarms: [ce.streamId, se.streamId] });
    b.statusChanged(change('OK', T0 + 2 * DAY, SE), trigger());
    const later = b.statusChanged(change('CRITICAL', T0 + 2 * DAY + HOUR, SE), trigger());
    expect(types(later)).toEqual(['AlarmRaised', 'AlarmAttachedToTicket']);
    expect(later[1].event.data).toMatchObject({ ticketId: out[0].streamId });
  });

  it('attaches an overdue alarm to a ticket someone opened by hand', () => {
    const b = book();
    const [ce] = b.statusChanged(change('CRITICAL', T0), trigger());
    b.ticket({ type: 'TicketOpened', data: { id: 'manual', site: SITE, subject: 'x', description: '', alarms: [], step: 'FIRST', deadline: T0 + 5 * DAY, expiresAt: T0 + 3 * DAY } }, 'api-1', T0 + HOUR);
    const out = ticks(b, T0 + HOUR, T0 + DAY + 10 * MINUTE);
    expect(out.map((o) => [o.event.type, o.event.data])).toEqual([['AlarmAttachedToTicket', expect.objectContaining({ alarmId: ce.streamId, ticketId: 'manual' })]]);
  });

  it('opens no ticket when the tenant turned automatic tickets off, or after a different delay', () => {
    const off = book();
    off.setSettings({ autoTicket: false, ticketAfter: DAY, holidays: [] });
    off.statusChanged(change('CRITICAL', T0), trigger());
    expect(ticks(off, T0, T0 + 3 * DAY)).toEqual([]);
    const soon = book();
    soon.setSettings({ autoTicket: true, ticketAfter: 2 * HOUR, holidays: [] });
    soon.statusChanged(change('CRITICAL', T0), trigger());
    expect(types(ticks(soon, T0, T0 + 3 * HOUR)).slice(0, 1)).toEqual(['TicketOpened']);
  });

  it('escalates the ticket when its step runs out without an update, skipping the tenant holidays', () => {
    const b = book();
    b.setSettings({ autoTicket: true, ticketAfter: DAY, holidays: ['2025-06-05'] });
    b.statusChanged(change('CRITICAL', T0), trigger());
    // Opened Tuesday 08:10: 3 working days without Thursday the 5th end on Monday the 9th.
    const out = ticks(b, T0, Date.parse('2025-06-09T08:30:00Z')).filter((o) => o.category === 'ticket');
    expect(out.map((o) => [o.event.type, o.at])).toEqual([
      ['TicketOpened', Date.parse('2025-06-03T08:10:00Z')],
      ['TicketEscalated', Date.parse('2025-06-09T08:10:00Z')],
    ]);
  });

  it('does not apply its own ticket events twice when they come back from the log', () => {
    const b = book();
    b.statusChanged(change('CRITICAL', T0), trigger());
    const [opened] = ticks(b, T0, T0 + DAY + 10 * MINUTE);
    expect(b.consumeOwn(opened.eventId)).toBe(true);
    expect(b.consumeOwn(opened.eventId)).toBe(false);
  });

  it('decides the same ids when the same events are replayed', () => {
    const run = () => {
      n = 0;
      const b = book();
      return [...b.statusChanged(change('CRITICAL', T0), trigger()), ...ticks(b, T0, T0 + DAY + 10 * MINUTE)].map((o) => o.eventId);
    };
    expect(run()).toEqual(run());
  });
});
