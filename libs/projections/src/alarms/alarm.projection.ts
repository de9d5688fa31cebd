import { AlarmBook, type AlarmOutput, type AlarmSettings, type DowntimeData, type ServiceData, type SiteEvent, type StatusChangedData, type TicketEvent } from '@vigil/domain';
import type { NewEvent, RecordedEvent } from '@vigil/events';
import { AppendCollector, decidedEvent, foldBatch } from '../decisions';
import { foldingProjection, type FoldingProjection } from '../projection';
import { alarmRows, DowntimeRows, TicketRows, type AlarmCurrentRow, type AlarmHistoryRow, type DowntimeRow, type TicketRow } from './alarm-rows';

/** Bump when alarms must be re-decided from the log: a new durable consumer. */
export const ALARM_PROJECTION_VERSION = 1;

const SITE_TYPES = ['SiteRegistered', 'SiteUpdated', 'SiteCertificationChanged', 'SiteRemoved'] as const;
const TICKET_TYPES = ['TicketOpened', 'TicketCommented', 'TicketAssigned', 'TicketEscalated', 'TicketExpirySet', 'TicketClosed'] as const;

export const ALARM_INPUT_TYPES = [
  'StatusChanged',
  'ClockTicked',
  ...SITE_TYPES,
  'ServiceRegistered',
  'ServiceUpdated',
  'ServiceRemoved',
  'DowntimeDeclared',
  'DowntimeUpdated',
  'DowntimeCancelled',
  'DowntimeEndedEarly',
  ...TICKET_TYPES,
  'AlarmSettingsSet',
] as const;

/** Events for one stream, appended together (only those the stream does not hold yet). */
export interface AlarmAppend {
  tenant: string;
  category: 'alarm' | 'ticket';
  id: string;
  events: NewEvent[];
}

export interface AlarmWrite {
  appends: AlarmAppend[];
  historyRows: AlarmHistoryRow[];
  currentRows: AlarmCurrentRow[];
  ticketRows: TicketRow[];
  downtimeRows: DowntimeRow[];
}

/** Every tenant's alarm book, fed with Vigil events in log order. */
export class AlarmState {
  readonly books = new Map<string, AlarmBook>();
  readonly tickets = new TicketRows();
  readonly downtimes = new DowntimeRows();
  sequence = 0;

  book(tenant: string): AlarmBook {
    let b = this.books.get(tenant);
    if (!b) this.books.set(tenant, (b = new AlarmBook(tenant)));
    return b;
  }

  /** Feeds one event; returns the book's decisions, by tenant. */
  apply(e: RecordedEvent, write: AlarmWrite): { tenant: string; outputs: AlarmOutput[] }[] {
    if (e.type === 'ClockTicked') {
      // Ticks are platform-wide (tenant _system): every tenant's time moves.
      const at = (e.data as { at: number }).at;
      return [...this.books].map(([tenant, b]) => ({ tenant, outputs: b.tick(at, e.eventId) }));
    }
    const b = this.book(e.tenant);
    return [{ tenant: e.tenant, outputs: this.applyTenant(b, e, write) }];
  }

  private applyTenant(b: AlarmBook, e: RecordedEvent, write: AlarmWrite): AlarmOutput[] {
    const position = e.position * 10;
    switch (e.type) {
      case 'StatusChanged':
        return b.statusChanged(e.data as StatusChangedData, e.eventId);
      case 'ServiceRegistered':
      case 'ServiceUpdated':
        return b.service(e.data as ServiceData, e.eventId);
      case 'ServiceRemoved':
        return b.serviceRemoved((e.data as { id: string }).id, e.eventId);
      case 'DowntimeDeclared':
      case 'DowntimeUpdated': {
        const d = e.data as DowntimeData;
        write.downtimeRows.push(this.downtimes.set(e.tenant, d, position));
        return b.downtime(d, e.eventId);
      }
      case 'DowntimeCancelled': {
        const id = (e.data as { id: string }).id;
        pushIf(write.downtimeRows, this.downtimes.change(e.tenant, id, position, { cancelled: 1 }));
        return b.downtimeCancelled(id, e.eventId);
      }
      case 'DowntimeEndedEarly': {
        const d = e.data as { id: string; end: number };
        pushIf(write.downtimeRows, this.downtimes.change(e.tenant, d.id, position, { end_time: new Date(d.end) }));
        return b.downtimeEndedEarly(d.id, d.end, e.eventId);
      }
      case 'AlarmSettingsSet':
        b.setSettings(e.data as AlarmSettings);
        return [];
    }
    if ((SITE_TYPES as readonly string[]).includes(e.type)) {
      b.site({ type: e.type, data: e.data } as SiteEvent);
      return [];
    }
    if ((TICKET_TYPES as readonly string[]).includes(e.type) && !b.consumeOwn(e.eventId)) {
      const t = { type: e.type, data: e.data } as TicketEvent;
      const site = t.type === 'TicketOpened' ? t.data.site : '';
      const outputs = b.ticket(t, e.eventId, e.occurredAt);
      pushIf(write.ticketRows, this.tickets.apply(e.tenant, b.ngiOf(site), t, e.occurredAt, position, b.tickets.get(t.data.id)?.due));
      return outputs;
    }
    return [];
  }
}

function pushIf<T>(rows: T[], row: T | null): void {
  if (row) rows.push(row);
}

export type AlarmProjection = FoldingProjection<AlarmState, AlarmWrite>;

/**
 * Status changes, topology, downtimes, tickets and ticks in; AlarmRaised / AlarmAttachedToTicket /
 * AlarmCleared (one stream per alarm) and TicketOpened / TicketEscalated (the ticket's stream) out,
 * with ids derived from the trigger so a redelivered batch or a replay appends nothing new; rows for
 * alarms_history, alarms_current, tickets_current and downtimes_current.
 */
export function alarmProjection(): AlarmProjection {
  const state = new AlarmState();
  const project = (events: readonly RecordedEvent[]): AlarmWrite => {
    const write: AlarmWrite = { appends: [], historyRows: [], currentRows: [], ticketRows: [], downtimeRows: [] };
    const appends = new AppendCollector<Omit<AlarmAppend, 'events'>>();
    foldBatch(state, events, (e) => {
      for (const { tenant, outputs } of state.apply(e, write)) record(state, tenant, outputs, e, appends, write);
    });
    write.appends = appends.list();
    return write;
  };
  return foldingProjection({ name: 'alarms', version: ALARM_PROJECTION_VERSION, types: ALARM_INPUT_TYPES, state, applyBatch: project });
}

/** Appends and rows of one trigger's decisions; positions are the trigger's × 10 + the order per entity. */
function record(state: AlarmState, tenant: string, outputs: AlarmOutput[], e: RecordedEvent, appends: AppendCollector<Omit<AlarmAppend, 'events'>>, write: AlarmWrite): void {
  const order = new Map<string, number>();
  const next = (key: string) => {
    const k = order.get(key) ?? 0;
    order.set(key, k + 1);
    return e.position * 10 + Math.min(k, 9);
  };
  const ngiOf = (site: string) => state.book(tenant).ngiOf(site);
  for (const o of outputs) {
    const key = `${tenant}/${o.category}/${o.streamId}`;
    appends.add(key, { tenant, category: o.category, id: o.streamId }, decidedEvent(e, o.event, o.eventId, o.at));
    if (o.category === 'ticket') {
      const site = o.event.type === 'TicketOpened' ? o.event.data.site : '';
      pushIf(write.ticketRows, state.tickets.apply(tenant, ngiOf(site), o.event, o.at, next(key)));
      continue;
    }
    const position = next(key);
    const rows = alarmRows(tenant, o.event.type, o.alarm, o.at, position);
    write.historyRows.push(rows.history);
    write.currentRows.push(rows.current);
    if (o.event.type === 'AlarmAttachedToTicket') pushIf(write.ticketRows, state.tickets.attach(tenant, o.event.data.ticketId, o.alarm.alarmId, next(`${tenant}/ticket/${o.event.data.ticketId}`)));
  }
}
