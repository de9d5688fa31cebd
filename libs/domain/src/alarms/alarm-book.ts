import type { DowntimeData } from '../downtimes/downtime.events';
import { RuleViolation } from '../shared/rule-violation';
import type { StatusChangedData } from '../status/status.types';
import { TicketClock } from '../tickets/ticket-clock';
import { decideTicket, initialTicketState } from '../tickets/ticket.decider';
import type { TicketEvent } from '../tickets/ticket.events';
import type { ServiceData, SiteEvent } from '../topology/topology.events';
import { emptyTopologyView, type TopologyView, type ViewSite } from '../topology/topology-view';
import { AlarmDowntimes } from './alarm-downtimes';
import { DEFAULT_ALARM_SETTINGS, FAILING_STATUSES, type AlarmClearReason, type AlarmEvent, type AlarmRaisedData, type AlarmSettings } from './alarm.events';
import { stableId } from './stable-id';

/** An alarm as the read models show it, after the event that came with it. */
export interface AlarmView extends AlarmRaisedData {
  state: 'open' | 'cleared';
  /** '' until masked under a ticket. */
  ticketId: string;
  clearedAt: number | null;
  reason: AlarmClearReason | '';
  /** The endpoint's latest status. */
  lastStatus: string;
}

/** An event to append, with its stream and its id (derived from the trigger: replays agree). */
export type AlarmOutput =
  | { category: 'alarm'; streamId: string; eventId: string; at: number; event: AlarmEvent; alarm: AlarmView }
  | { category: 'ticket'; streamId: string; eventId: string; at: number; event: TicketEvent };

type ServiceEntry = Pick<ServiceData, 'id' | 'hostname' | 'serviceType' | 'site' | 'production' | 'monitored'>;

const endpointKey = (site: string, service: string, hostname: string) => `${site}\u0000${service}\u0000${hostname.toLowerCase()}`;

/**
 * One tenant's Operations Portal workflow, pure and replayable (time comes from the events): an
 * alarm per failing monitored production endpoint (registry service) of a site, none during an
 * OUTAGE downtime; a ticket against the site once an alarm stays in error longer than the settings
 * allow, masking the site's alarms; escalation of open tickets by the clock.
 */
export class AlarmBook {
  private readonly sites = new Map<string, ViewSite>();
  private readonly services = new Map<string, ServiceEntry>();
  private readonly byEndpoint = new Map<string, string>();
  /** Latest endpoint status per (site, service type, hostname). */
  private readonly statuses = new Map<string, string>();
  /** Keys of the endpoints whose status is failing: the only ones a tick may raise. */
  private readonly failing = new Set<string>();
  private readonly downtimes = new AlarmDowntimes();
  /** Open alarms by service id. */
  private readonly open = new Map<string, AlarmView>();
  readonly tickets = new TicketClock();
  /** Ticket events this book decided: their copies coming back from the log are already applied. */
  private readonly own = new Set<string>();
  settings: AlarmSettings = DEFAULT_ALARM_SETTINGS;
  /** The latest time seen (status changes and ticks). */
  now = 0;

  constructor(readonly tenant: string) {}

  openAlarms(): IterableIterator<AlarmView> {
    return this.open.values();
  }

  ngiOf(site: string): string {
    return this.sites.get(site)?.ngi ?? '';
  }

  site(e: SiteEvent): void {
    if (e.type === 'SiteRegistered') this.sites.set(e.data.shortName, { shortName: e.data.shortName, ngi: e.data.ngi, certificationStatus: e.data.certificationStatus });
    else if (e.type === 'SiteUpdated') {
      const s = this.sites.get(e.data.shortName);
      if (s) this.sites.set(s.shortName, { ...s, ngi: e.data.ngi });
    } else if (e.type === 'SiteCertificationChanged') {
      const s = this.sites.get(e.data.shortName);
      if (s) this.sites.set(s.shortName, { ...s, certificationStatus: e.data.to });
    } else this.sites.delete(e.data.shortName);
  }

  setSettings(settings: AlarmSettings): void {
    this.settings = { ...settings, holidays: [...settings.holidays] };
  }

  service(d: ServiceEntry, trigger: string): AlarmOutput[] {
    const before = this.services.get(d.id);
    if (before) this.byEndpoint.delete(endpointKey(before.site, before.serviceType, before.hostname));
    const entry = { id: d.id, hostname: d.hostname, serviceType: d.serviceType, site: d.site, production: d.production, monitored: d.monitored };
    this.services.set(d.id, entry);
    this.byEndpoint.set(endpointKey(d.site, d.serviceType, d.hostname), d.id);
    return this.evaluate(d.id, this.now, trigger);
  }

  serviceRemoved(id: string, trigger: string): AlarmOutput[] {
    const before = this.services.get(id);
    if (before) this.byEndpoint.delete(endpointKey(before.site, before.serviceType, before.hostname));
    this.services.delete(id);
    return this.evaluate(id, this.now, trigger);
  }

  downtime(d: Pick<DowntimeData, 'id' | 'services' | 'severity' | 'start' | 'end'>, trigger: string): AlarmOutput[] {
    const touched = new Set([...this.downtimes.servicesOf(d.id), ...d.services]);
    this.downtimes.set(d);
    return [...touched].flatMap((id) => this.evaluate(id, this.now, trigger));
  }

  downtimeCancelled(id: string, trigger: string): AlarmOutput[] {
    const touched = this.downtimes.servicesOf(id);
    this.downtimes.cancel(id);
    return touched.flatMap((s) => this.evaluate(s, this.now, trigger));
  }

  downtimeEndedEarly(id: string, end: number, trigger: string): AlarmOutput[] {
    this.downtimes.endEarly(id, end);
    return this.downtimes.servicesOf(id).flatMap((s) => this.evaluate(s, this.now, trigger));
  }

  /** Endpoint-level changes only: an alarm is about an endpoint of a site. */
  statusChanged(c: StatusChangedData, trigger: string): AlarmOutput[] {
    if (c.level !== 'endpoint') return [];
    const key = endpointKey(c.endpointGroup, c.service, c.hostname);
    this.statuses.set(key, c.status);
    if (FAILING_STATUSES.includes(c.status)) this.failing.add(key);
    else this.failing.delete(key);
    this.now = Math.max(this.now, c.since);
    const id = this.byEndpoint.get(key);
    return id === undefined ? [] : this.evaluate(id, c.since, trigger);
  }

  /** Whether a ticket event read from the log is one this book decided (and so already applied). */
  consumeOwn(eventId: string): boolean {
    return this.own.delete(eventId);
  }

  /** A ticket event from the log that this book did not decide (opened, updated or closed by people). */
  ticket(e: TicketEvent, eventId: string, at: number): AlarmOutput[] {
    this.tickets.apply(e, at, this.settings.holidays);
    if (e.type !== 'TicketOpened') return [];
    const masked = new Set(e.data.alarms);
    const alarms = [...this.open.values()].filter((a) => masked.has(a.alarmId) && a.ticketId === '');
    return alarms.map((a) => this.attach(a, e.data.id, at, eventId));
  }

  /** Time passed: downtimes start and end, alarms grow old enough for a ticket, tickets come due. */
  tick(at: number, trigger: string): AlarmOutput[] {
    this.now = Math.max(this.now, at);
    const out: AlarmOutput[] = [];
    for (const id of this.candidates()) out.push(...this.evaluate(id, at, trigger));
    out.push(...this.autoTickets(at, trigger));
    for (const e of this.tickets.escalations(at, this.view(), this.settings.holidays)) out.push(this.ownTicket(e, at, trigger));
    return out;
  }

  /** Services with a failing status or an open alarm: the ones a tick can change. */
  private candidates(): Set<string> {
    const ids = new Set(this.open.keys());
    for (const key of this.failing) {
      const id = this.byEndpoint.get(key);
      if (id !== undefined) ids.add(id);
    }
    return ids;
  }

  private evaluate(serviceId: string, at: number, trigger: string): AlarmOutput[] {
    const s = this.services.get(serviceId);
    const status = s ? (this.statuses.get(endpointKey(s.site, s.serviceType, s.hostname)) ?? '') : '';
    const alarm = this.open.get(serviceId);
    const out: AlarmOutput[] = [];
    if (alarm && (!s || alarm.site !== s.site)) out.push(this.clear(serviceId, alarm, 'REMOVED', status, at, trigger));
    const still = this.open.get(serviceId);
    const reason = this.blocker(s, status, at);
    if (still && reason) out.push(this.clear(serviceId, still, reason, status, at, trigger));
    else if (still) still.lastStatus = status;
    else if (s && !reason) out.push(...this.raise(s, status, at, trigger));
    return out;
  }

  /** Why the service must have no alarm now, or null when it must have one. */
  private blocker(s: ServiceEntry | undefined, status: string, at: number): AlarmClearReason | null {
    if (!s) return 'REMOVED';
    if (!s.production) return 'NOT_PRODUCTION';
    if (!s.monitored) return 'UNMONITORED';
    if (this.downtimes.covers(s.id, at)) return 'DOWNTIME';
    return FAILING_STATUSES.includes(status) ? null : 'RECOVERED';
  }

  private raise(s: ServiceEntry, status: string, at: number, trigger: string): AlarmOutput[] {
    const alarmId = stableId(this.tenant, 'alarm', s.id, at);
    const data: AlarmRaisedData = { alarmId, site: s.site, ngi: this.ngiOf(s.site), serviceId: s.id, service: s.serviceType, hostname: s.hostname, status, raisedAt: at };
    const alarm: AlarmView = { ...data, state: 'open', ticketId: '', clearedAt: null, reason: '', lastStatus: status };
    this.open.set(s.id, alarm);
    const out: AlarmOutput[] = [this.alarmOutput({ type: 'AlarmRaised', data }, alarm, at, trigger)];
    // A site with an open ticket gets its further alarms masked under it at once.
    const ticket = this.tickets.openFor(s.site);
    if (ticket) out.push(this.attach(alarm, ticket.ticket.id, at, trigger));
    return out;
  }

  private clear(serviceId: string, alarm: AlarmView, reason: AlarmClearReason, status: string, at: number, trigger: string): AlarmOutput {
    this.open.delete(serviceId);
    const cleared: AlarmView = { ...alarm, state: 'cleared', clearedAt: at, reason, lastStatus: status };
    return this.alarmOutput({ type: 'AlarmCleared', data: { alarmId: alarm.alarmId, reason, status, clearedAt: at } }, cleared, at, trigger);
  }

  private attach(alarm: AlarmView, ticketId: string, at: number, trigger: string): AlarmOutput {
    alarm.ticketId = ticketId;
    return this.alarmOutput({ type: 'AlarmAttachedToTicket', data: { alarmId: alarm.alarmId, ticketId, site: alarm.site, attachedAt: at } }, { ...alarm }, at, trigger);
  }

  /** Alarms in error longer than `ticketAfter` go under their site's open ticket, or open one. */
  private autoTickets(at: number, trigger: string): AlarmOutput[] {
    if (!this.settings.autoTicket) return [];
    const overdue = [...this.open.values()].filter((a) => a.ticketId === '' && at - a.raisedAt > this.settings.ticketAfter);
    const out: AlarmOutput[] = [];
    for (const site of new Set(overdue.map((a) => a.site))) {
      const existing = this.tickets.openFor(site);
      if (existing) {
        for (const a of overdue.filter((o) => o.site === site)) out.push(this.attach(a, existing.ticket.id, at, trigger));
        continue;
      }
      out.push(...this.openTicket(site, at, trigger));
    }
    return out;
  }

  private openTicket(site: string, at: number, trigger: string): AlarmOutput[] {
    const alarms = [...this.open.values()].filter((a) => a.site === site && a.ticketId === '').sort((a, b) => a.raisedAt - b.raisedAt || (a.alarmId < b.alarmId ? -1 : 1));
    const id = stableId(this.tenant, 'ticket', site, at);
    const hours = Math.round(this.settings.ticketAfter / 3_600_000);
    const command = {
      type: 'OpenTicket' as const,
      id,
      site,
      subject: `${site}: ${alarms.length} alarm${alarms.length === 1 ? '' : 's'} in error for more than ${hours} h`,
      description: alarms.map((a) => `${a.service} on ${a.hostname}: ${a.lastStatus || a.status} since ${new Date(a.raisedAt).toISOString()}`).join('\n'),
      alarms: alarms.map((a) => a.alarmId),
      holidays: [...this.settings.holidays],
    };
    let events: TicketEvent[];
    try {
      events = decideTicket(command, initialTicketState(), this.view(), at);
    } catch (err) {
      if (err instanceof RuleViolation) return []; // e.g. a site the registry does not know: no ticket can name it
      throw err;
    }
    const out = events.map((e) => this.ownTicket(e, at, trigger));
    for (const a of alarms) out.push(this.attach(a, id, at, trigger));
    return out;
  }

  private ownTicket(e: TicketEvent, at: number, trigger: string): AlarmOutput {
    const eventId = stableId(this.tenant, trigger, e.type, e.data.id);
    this.own.add(eventId);
    this.tickets.apply(e, at, this.settings.holidays);
    return { category: 'ticket', streamId: e.data.id, eventId, at, event: e };
  }

  private alarmOutput(event: AlarmEvent, alarm: AlarmView, at: number, trigger: string): AlarmOutput {
    return { category: 'alarm', streamId: alarm.alarmId, eventId: stableId(this.tenant, trigger, event.type, alarm.alarmId), at, event, alarm };
  }

  private view(): TopologyView {
    return { ...emptyTopologyView(), sites: this.sites };
  }
}
