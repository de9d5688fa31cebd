import { describe, expect, it } from 'vitest';
import { catalog } from '@vigil/events';
import { sql } from '@vigil/read-models';
import { randomRun, useEventStoreBed } from '@vigil/testing';
import type { HostedProjector } from '@vigil/projections';
import { hostAlarmProjector } from './alarm-projector';

const tenant = `t${randomRun()}`;
const H = 3_600_000;
const T0 = Date.parse('2025-06-02T08:00:00Z'); // a Monday
const SITE = 'ALARM-SITE';

const bed = useEventStoreBed('alarms');

const service = (id: string, hostname: string, serviceType: string, monitored = true) => ({
  id, hostname, serviceType, site: SITE, production: true, monitored, beta: false, notify: true, url: null, scopes: ['EGI'],
});
const endpointChange = (s: ReturnType<typeof service>, status: string, since: number) =>
  bed.append(tenant, 'status', 'shard-0', 'StatusChanged', { level: 'endpoint', supergroup: 'NGI_A', endpointGroup: SITE, function: '', service: s.serviceType, hostname: s.hostname, metric: '', status, previousStatus: '', since, triggerEventId: null });

async function ticks(from: number, to: number): Promise<void> {
  for (let at = from; at <= to; at += H) await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at });
}

async function start(): Promise<HostedProjector> {
  const p = await hostAlarmProjector(bed.nc, { store: bed.store, clickhouse: bed.clickhouse, schemas: catalog(), stream: bed.stream, prefix: bed.prefix, maxWaitMs: 20, onError: (err) => console.error(err) });
  return bed.started(p);
}

const settle = (p: HostedProjector) => bed.settle(p, { attempts: 600 });

const alarms = () =>
  bed.clickhouse.query<{ alarm_id: string; hostname: string; state: string; ticket_id: string; status: string }>(sql`
    SELECT alarm_id, hostname, state, ticket_id, status FROM alarms_current FINAL WHERE tenant = ${tenant} ORDER BY hostname`);

const ce = service('s-ce', 'ce.alarm.example.org', 'ARC-CE');
const se = service('s-se', 'se.alarm.example.org', 'SRM');
const unmonitored = service('s-ui', 'ui.alarm.example.org', 'UI', false);
const inDowntime = service('s-bdii', 'bdii.alarm.example.org', 'Site-BDII');

describe('alarms projector on NATS and ClickHouse', () => {
  let projector: HostedProjector;
  let ticketId = '';

  it('raises an alarm for a failing endpoint, none when unmonitored or in an OUTAGE downtime, and a ticket after 24 h', async () => {
    await bed.append(tenant, 'site', SITE, 'SiteRegistered', {
      shortName: SITE, officialName: 'Alarm site', ngi: 'NGI_A', country: 'Italy', timezone: 'UTC', domain: 'example.org', productionInfrastructure: 'Production', scopes: ['EGI'], contacts: [], certificationStatus: 'Certified',
    });
    for (const s of [ce, se, unmonitored, inDowntime]) await bed.append(tenant, 'service', s.id, 'ServiceRegistered', s);
    await bed.append(tenant, 'downtime', 'd1', 'DowntimeDeclared', {
      id: 'd1', site: SITE, services: [inDowntime.id], endpoints: [], severity: 'OUTAGE', classification: 'UNSCHEDULED', start: T0 - H, end: T0 + 10 * 24 * H, description: 'disk replacement',
    });
    await ticks(T0, T0);
    for (const s of [ce, unmonitored, inDowntime]) await endpointChange(s, 'CRITICAL', T0 + 60_000);
    projector = await start();
    await settle(projector);
    const first = await alarms();
    expect(first.map((a) => [a.hostname, a.state, a.status, a.ticket_id])).toEqual([[ce.hostname, 'open', 'CRITICAL', '']]);

    await ticks(T0 + H, T0 + 24 * H);
    await settle(projector);
    expect((await alarms())[0].ticket_id).toBe('');
    await ticks(T0 + 25 * H, T0 + 25 * H);
    await settle(projector);
    const [alarm] = await alarms();
    ticketId = alarm.ticket_id;
    expect(ticketId).not.toBe('');
    const ticket = await bed.store.readStream({ tenant, category: 'ticket', id: ticketId });
    expect(ticket.map((e) => e.type)).toEqual(['TicketOpened']);
    expect(ticket[0].data).toMatchObject({ site: SITE, alarms: [alarm.alarm_id], step: 'FIRST', deadline: Date.parse('2025-06-06T09:00:00Z') });
    const stream = await bed.store.readStream({ tenant, category: 'alarm', id: alarm.alarm_id });
    expect(stream.map((e) => e.type)).toEqual(['AlarmRaised', 'AlarmAttachedToTicket']);
  });

  it("attaches the site's next alarm to the open ticket at once", async () => {
    await endpointChange(se, 'CRITICAL', T0 + 26 * H);
    await settle(projector);
    const rows = await alarms();
    expect(rows.map((a) => [a.hostname, a.state, a.ticket_id])).toEqual([
      [ce.hostname, 'open', ticketId],
      [se.hostname, 'open', ticketId],
    ]);
    const [t] = await bed.clickhouse.query<{ alarms: number; step: string }>(sql`SELECT alarms, step FROM tickets_current FINAL WHERE tenant = ${tenant} AND ticket_id = ${ticketId}`);
    expect(t).toEqual({ alarms: 2, step: 'FIRST' });
  });

  it('escalates the ticket to the second step when its 3 working days pass without an update', async () => {
    await ticks(T0 + 26 * H, Date.parse('2025-06-06T08:00:00Z'));
    await settle(projector);
    expect((await bed.store.readStream({ tenant, category: 'ticket', id: ticketId })).map((e) => e.type)).toEqual(['TicketOpened']);
    await ticks(Date.parse('2025-06-06T09:00:00Z'), Date.parse('2025-06-06T10:00:00Z'));
    await settle(projector);
    const ticket = await bed.store.readStream({ tenant, category: 'ticket', id: ticketId });
    expect(ticket.map((e) => [e.type, (e.data as { to?: string }).to])).toEqual([['TicketOpened', undefined], ['TicketEscalated', 'SECOND']]);
    // Friday 09:00 plus 3 working days is Wednesday 09:00.
    expect(ticket[1].data).toMatchObject({ from: 'FIRST', deadline: Date.parse('2025-06-11T09:00:00Z') });
    const [t] = await bed.clickhouse.query<{ step: string }>(sql`SELECT step FROM tickets_current FINAL WHERE tenant = ${tenant} AND ticket_id = ${ticketId}`);
    expect(t.step).toBe('SECOND');
  });

  it('decides nothing twice after a restart, and clears the alarm when the endpoint recovers', async () => {
    projector.subscription.unsubscribe();
    projector = await start();
    await endpointChange(ce, 'OK', Date.parse('2025-06-06T11:00:00Z'));
    await settle(projector);
    expect((await bed.store.readStream({ tenant, category: 'ticket', id: ticketId })).map((e) => e.type)).toEqual(['TicketOpened', 'TicketEscalated']);
    const rows = await alarms();
    expect(rows.map((a) => [a.hostname, a.state])).toEqual([
      [ce.hostname, 'cleared'],
      [se.hostname, 'open'],
    ]);
    const history = await bed.clickhouse.query<{ event: string }>(sql`SELECT event FROM alarms_history FINAL WHERE tenant = ${tenant} AND hostname = ${ce.hostname} ORDER BY position`);
    expect(history.map((h) => h.event)).toEqual(['RAISED', 'ATTACHED', 'CLEARED']);
  });
});
