import type { AlarmView, DowntimeData, TicketEvent } from '@vigil/domain';

export interface AlarmHistoryRow {
  tenant: string;
  alarm_id: string;
  event: 'RAISED' | 'ATTACHED' | 'CLEARED';
  site: string;
  ngi: string;
  service: string;
  hostname: string;
  status: string;
  ticket_id: string;
  reason: string;
  at: Date;
  position: number;
}

export interface AlarmCurrentRow {
  tenant: string;
  alarm_id: string;
  state: 'open' | 'cleared';
  site: string;
  ngi: string;
  service_id: string;
  service: string;
  hostname: string;
  status: string;
  ticket_id: string;
  reason: string;
  raised_at: Date;
  cleared_at: Date | null;
  updated_at: Date;
  position: number;
}

export interface TicketRow {
  tenant: string;
  ticket_id: string;
  site: string;
  ngi: string;
  state: 'open' | 'closed';
  step: string;
  deadline: Date;
  expires_at: Date;
  opened_at: Date;
  closed_at: Date | null;
  alarms: number;
  position: number;
}

export interface DowntimeRow {
  tenant: string;
  downtime_id: string;
  site: string;
  severity: string;
  start_time: Date;
  end_time: Date;
  cancelled: 0 | 1;
  position: number;
}

const HISTORY_EVENT = { AlarmRaised: 'RAISED', AlarmAttachedToTicket: 'ATTACHED', AlarmCleared: 'CLEARED' } as const;

export function alarmRows(tenant: string, type: keyof typeof HISTORY_EVENT, a: AlarmView, at: number, position: number): { history: AlarmHistoryRow; current: AlarmCurrentRow } {
  const keys = { tenant, alarm_id: a.alarmId, site: a.site, ngi: a.ngi, service: a.service, hostname: a.hostname, ticket_id: a.ticketId, reason: a.reason };
  return {
    history: { ...keys, event: HISTORY_EVENT[type], status: a.lastStatus, at: new Date(at), position },
    current: {
      ...keys,
      state: a.state,
      service_id: a.serviceId,
      status: a.lastStatus,
      raised_at: new Date(a.raisedAt),
      cleared_at: a.clearedAt === null ? null : new Date(a.clearedAt),
      updated_at: new Date(at),
      position,
    },
  };
}

/** Ticket rows by tenant and id, kept to write each ticket's next state. */
export class TicketRows {
  private readonly rows = new Map<string, TicketRow & { masked: Set<string> }>();

  /** `due`: the step deadline as escalation sees it (an update pushes it back), when known. */
  apply(tenant: string, ngi: string, e: TicketEvent, at: number, position: number, due?: number): TicketRow | null {
    const key = `${tenant}\u0000${e.data.id}`;
    if (e.type === 'TicketOpened') {
      const d = e.data;
      const row = { tenant, ticket_id: d.id, site: d.site, ngi, state: 'open' as const, step: d.step, deadline: new Date(d.deadline), expires_at: new Date(d.expiresAt), opened_at: new Date(at), closed_at: null, alarms: 0, position, masked: new Set(d.alarms) };
      this.rows.set(key, row);
      return this.present(row);
    }
    const row = this.rows.get(key);
    if (!row) return null;
    row.position = position;
    if (e.type === 'TicketEscalated') Object.assign(row, { step: e.data.to, deadline: new Date(e.data.deadline) });
    else if (e.type === 'TicketExpirySet') row.expires_at = new Date(e.data.expiresAt);
    else if (e.type === 'TicketClosed') Object.assign(row, { state: 'closed', closed_at: new Date(at) });
    if (due !== undefined && e.type !== 'TicketClosed') row.deadline = new Date(due);
    return this.present(row);
  }

  /** An alarm masked under a ticket counts towards it. */
  attach(tenant: string, ticketId: string, alarmId: string, position: number): TicketRow | null {
    const row = this.rows.get(`${tenant}\u0000${ticketId}`);
    if (!row || row.masked.has(alarmId)) return null;
    row.masked.add(alarmId);
    row.position = position;
    return this.present(row);
  }

  private present(row: TicketRow & { masked: Set<string> }): TicketRow {
    const { masked, ...rest } = row;
    return { ...rest, alarms: masked.size };
  }
}

/** Downtime rows by tenant and id: a cancellation or an early end rewrites the whole row. */
export class DowntimeRows {
  private readonly rows = new Map<string, DowntimeRow>();

  set(tenant: string, d: DowntimeData, position: number): DowntimeRow {
    const row: DowntimeRow = { tenant, downtime_id: d.id, site: d.site, severity: d.severity, start_time: new Date(d.start), end_time: new Date(d.end), cancelled: 0, position };
    this.rows.set(`${tenant}\u0000${d.id}`, row);
    return row;
  }

  change(tenant: string, id: string, position: number, over: Partial<Pick<DowntimeRow, 'end_time' | 'cancelled'>>): DowntimeRow | null {
    const row = this.rows.get(`${tenant}\u0000${id}`);
    if (!row) return null;
    Object.assign(row, over, { position });
    return { ...row };
  }
}
