import { AlertDowntimes, AlertEvaluator, alertId, type AlertEvent, type AlertRaisedData, type AlertResolvedData, type AlertRuleEvent, type DowntimeData, type ServiceData, type StatusChangedData } from '@vigil/domain';
import type { NewEvent, RecordedEvent } from '@vigil/events';
import { AppendCollector, decidedEvent, foldBatch } from '../decisions';
import { foldingProjection, type FoldingProjection } from '../projection';

/** Bump when alerts must be re-evaluated from the log: a new durable consumer. */
export const ALERT_PROJECTION_VERSION = 1;

export const ALERT_INPUT_TYPES = [
  'AlertRuleCreated',
  'AlertRuleUpdated',
  'AlertRuleRemoved',
  'StatusChanged',
  'ClockTicked',
  'ServiceRegistered',
  'ServiceUpdated',
  'ServiceRemoved',
  'DowntimeDeclared',
  'DowntimeUpdated',
  'DowntimeCancelled',
  'DowntimeEndedEarly',
] as const;

/** The columns alerts_history and alerts_current share: the alert, its item and its last status. */
interface AlertColumns {
  tenant: string;
  alert_id: string;
  rule_id: string;
  level: string;
  supergroup: string;
  endpoint_group: string;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  since: Date;
  position: number;
}

export interface AlertHistoryRow extends AlertColumns {
  event: string;
  previous_status: string;
  at: Date;
}

export interface AlertCurrentRow extends AlertColumns {
  state: 'firing' | 'resolved';
  kind: string;
  updated_at: Date;
}

export interface AlertAppend {
  tenant: string;
  alertId: string;
  events: NewEvent[];
}

export interface AlertWrite {
  appends: AlertAppend[];
  historyRows: AlertHistoryRow[];
  currentRows: AlertCurrentRow[];
}

/** Item keys of open alerts, so a resolution's rows carry them. */
export type OpenAlerts = Map<string, Omit<AlertCurrentRow, 'state' | 'status' | 'updated_at' | 'position'>>;

interface Tenant {
  evaluator: AlertEvaluator;
  downtimes: AlertDowntimes;
  open: OpenAlerts;
}

/** Every tenant's alert evaluation, fed with Vigil events in log order. */
export class AlertState {
  readonly tenants = new Map<string, Tenant>();
  sequence = 0;

  apply(e: RecordedEvent, emit: (tenant: string, a: AlertEvent, at: number) => void): void {
    if (e.type === 'ClockTicked') {
      // Ticks are platform-wide (tenant _system): every tenant's time moves.
      const at = (e.data as { at: number }).at;
      for (const [name, t] of this.tenants) for (const a of t.evaluator.tick(at)) emit(name, a, at);
      return;
    }
    const t = this.tenant(e.tenant);
    const out = (events: AlertEvent[], at: number) => events.forEach((a) => emit(e.tenant, a, at));
    switch (e.type) {
      case 'AlertRuleCreated':
      case 'AlertRuleUpdated':
      case 'AlertRuleRemoved':
        return out(t.evaluator.applyRule({ type: e.type, data: e.data } as AlertRuleEvent, e.occurredAt), e.occurredAt);
      case 'StatusChanged': {
        const c = e.data as StatusChangedData;
        return out(t.evaluator.statusChanged(c), c.since);
      }
      case 'ServiceRegistered':
      case 'ServiceUpdated': {
        const d = e.data as ServiceData;
        return t.downtimes.setService(d.id, { hostname: d.hostname, serviceType: d.serviceType, site: d.site });
      }
      case 'ServiceRemoved':
        return t.downtimes.removeService((e.data as { id: string }).id);
      case 'DowntimeDeclared':
      case 'DowntimeUpdated':
        return t.downtimes.setDowntime(e.data as DowntimeData);
      case 'DowntimeCancelled':
        return t.downtimes.cancel((e.data as { id: string }).id);
      case 'DowntimeEndedEarly': {
        const d = e.data as { id: string; end: number };
        return t.downtimes.endEarly(d.id, d.end);
      }
    }
  }

  tenant(name: string): Tenant {
    let t = this.tenants.get(name);
    if (!t) {
      const downtimes = new AlertDowntimes();
      t = { evaluator: new AlertEvaluator((item, at) => downtimes.covers(item, at)), downtimes, open: new Map() };
      this.tenants.set(name, t);
    }
    return t;
  }
}

export type AlertProjection = FoldingProjection<AlertState, AlertWrite>;

/**
 * StatusChanged, ticks, rules and downtimes in; AlertRaised/AlertResolved out (one stream per alert,
 * ids derived from the trigger's position: a redelivered batch appends duplicates the store drops)
 * with rows for alerts_history and alerts_current.
 */
export function alertProjection(): AlertProjection {
  const state = new AlertState();
  const project = (events: readonly RecordedEvent[]): AlertWrite => {
    const write: AlertWrite = { appends: [], historyRows: [], currentRows: [] };
    const decisions = new AlertDecisions(write, { resolveUnknown: true });
    foldBatch(state, events, (e) => state.apply(e, (tenant, a, at) => decisions.add(e, state.tenant(tenant).open, tenant, a, at)));
    write.appends = decisions.appends.list();
    return write;
  };
  return foldingProjection({ name: 'alerts', version: ALERT_PROJECTION_VERSION, types: ALERT_INPUT_TYPES, state, applyBatch: project });
}

/** Where an alert decision's rows go. */
export type AlertRows = Pick<AlertWrite, 'historyRows' | 'currentRows'>;

/** One batch's alert decisions (alerts and burn-rate alerts): events per alert stream, and rows. */
export class AlertDecisions {
  readonly appends = new AppendCollector<{ tenant: string; alertId: string }>();

  /** `resolveUnknown`: a resolution of an alert not known open still writes rows (keys from the event). */
  constructor(private readonly rows: AlertRows, private readonly options: { resolveUnknown: boolean }) {}

  /** Event ids derive from the trigger's position: a redelivered batch appends duplicates the store drops. */
  add(trigger: RecordedEvent, open: OpenAlerts, tenant: string, a: AlertEvent, at: number): void {
    const eventId = alertId(tenant, trigger.position, a.data.alertId, a.type, a.type === 'AlertRaised' ? a.data.kind : '');
    this.appends.add(`${tenant}/${a.data.alertId}`, { tenant, alertId: a.data.alertId }, decidedEvent(trigger, a, eventId, at));
    if (a.type === 'AlertRaised') this.raised(open, tenant, a.data, at, trigger.position);
    else this.resolved(open, tenant, a.data, at, trigger.position);
  }

  private raised(open: OpenAlerts, tenant: string, d: AlertRaisedData, at: number, position: number): void {
    const keys = { tenant, alert_id: d.alertId, rule_id: d.ruleId, kind: d.kind, level: d.level, supergroup: d.supergroup, endpoint_group: d.endpointGroup, service: d.service, hostname: d.hostname, metric: d.metric, since: new Date(d.since) };
    const closes = d.kind === 'FLAPPINGSTOP';
    if (closes) open.delete(d.alertId);
    else open.set(d.alertId, keys);
    const { kind: _kind, ...history } = keys;
    this.rows.historyRows.push({ ...history, event: d.kind, status: d.status, previous_status: d.previousStatus, at: new Date(at), position });
    this.rows.currentRows.push({ ...keys, state: closes ? 'resolved' : 'firing', status: d.status, updated_at: new Date(at), position });
  }

  private resolved(open: OpenAlerts, tenant: string, d: AlertResolvedData, at: number, position: number): void {
    const known = open.get(d.alertId);
    open.delete(d.alertId);
    if (!known && !this.options.resolveUnknown) return;
    const keys = known ?? { tenant, alert_id: d.alertId, rule_id: d.ruleId, kind: 'PROBLEM', level: '', supergroup: '', endpoint_group: '', service: '', hostname: '', metric: '', since: new Date(at) };
    const { kind: _kind, ...history } = keys;
    this.rows.historyRows.push({ ...history, event: 'RESOLVED', status: d.status, previous_status: '', at: new Date(at), position });
    this.rows.currentRows.push({ ...keys, state: 'resolved', status: d.status, updated_at: new Date(at), position });
  }
}
