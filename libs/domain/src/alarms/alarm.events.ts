// Alarm events: each type name is its Avro record name (schemas/alarm/*.avsc) and each `data`
// holds exactly that record's fields. Keep both in step.
import { DAY, HOUR } from '../shared/time';

export type AlarmClearReason = 'RECOVERED' | 'DOWNTIME' | 'UNMONITORED' | 'NOT_PRODUCTION' | 'REMOVED';

export interface AlarmRaisedData {
  alarmId: string;
  site: string;
  ngi: string;
  serviceId: string;
  /** Service type. */
  service: string;
  hostname: string;
  status: string;
  raisedAt: number;
}

export interface AlarmSettings {
  autoTicket: boolean;
  /** ms an alarm stays in error before it gets a ticket. */
  ticketAfter: number;
  /** UTC days (`YYYY-MM-DD`) that do not count as working days. */
  holidays: string[];
}

export type AlarmEvent =
  | { type: 'AlarmRaised'; data: AlarmRaisedData }
  | { type: 'AlarmCleared'; data: { alarmId: string; reason: AlarmClearReason; status: string; clearedAt: number } }
  | { type: 'AlarmAttachedToTicket'; data: { alarmId: string; ticketId: string; site: string; attachedAt: number } };

export type AlarmSettingsEvent = { type: 'AlarmSettingsSet'; data: AlarmSettings };

/** Operations Portal defaults: a ticket after 24 h in error; no holidays. */
export const DEFAULT_ALARM_SETTINGS: AlarmSettings = { autoTicket: true, ticketAfter: 24 * HOUR, holidays: [] };

/** The endpoint status that raises an alarm (the Operations Portal's CRITICAL). */
export const FAILING_STATUSES: readonly string[] = ['CRITICAL'];

/** One stream per alarm (its raise, ticket and clearance). */
export const ALARM_CATEGORY = 'alarm';
/** A tenant's alarm settings: one stream. */
export const ALARM_SETTINGS_STREAM = { category: 'alarmsettings', id: 'current' } as const;

/** Oversight criteria (domain.md §3), A/R alarms (the EGI targets over the last 30 days) included. */
export const OVERSIGHT = { alarmAge: 72 * HOUR, ticketUnsolved: 30 * DAY, ticketExpiredFor: 3 * DAY, downtimeLength: 30 * DAY, arDays: 30, availabilityTarget: 80, reliabilityTarget: 85 } as const;
