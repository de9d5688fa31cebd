import { RuleViolation } from '../shared/rule-violation';
import { HOUR } from '../shared/time';
import { utcDay } from '../tickets/working-days';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings, type AlarmSettingsEvent } from './alarm.events';

export type AlarmSettingsCommand = { type: 'SetAlarmSettings'; settings: AlarmSettings };

/** At most 30 days in error before a ticket: beyond that the oversight view has long flagged the site. */
export const MAX_TICKET_AFTER = 720 * HOUR;

/** A tenant's settings: the latest set, or the Operations Portal defaults. */
export function decideAlarmSettings(command: AlarmSettingsCommand, state: AlarmSettings): AlarmSettingsEvent[] {
  const { autoTicket, ticketAfter } = command.settings;
  if (!Number.isInteger(ticketAfter) || ticketAfter < HOUR || ticketAfter > MAX_TICKET_AFTER)
    throw new RuleViolation('TICKET_AFTER_OUT_OF_RANGE', 'ticketAfter must be a whole number of hours from 1 to 720', 'ticketAfterHours');
  for (const day of command.settings.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || utcDay(Date.parse(`${day}T00:00:00Z`)) !== day)
      throw new RuleViolation('INVALID_HOLIDAY', `${day} is not a calendar day as YYYY-MM-DD`, 'holidays');
  }
  const holidays = [...new Set(command.settings.holidays)].sort();
  const next = { autoTicket, ticketAfter, holidays };
  if (JSON.stringify(next) === JSON.stringify(state)) return [];
  return [{ type: 'AlarmSettingsSet', data: next }];
}

export const evolveAlarmSettings = (_state: AlarmSettings, e: AlarmSettingsEvent): AlarmSettings => e.data;

export const alarmSettingsDecider = {
  decide: (command: AlarmSettingsCommand, state: AlarmSettings) => decideAlarmSettings(command, state),
  evolve: evolveAlarmSettings,
  initialState: (): AlarmSettings => DEFAULT_ALARM_SETTINGS,
};
