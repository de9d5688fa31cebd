import { describe, expect, it } from 'vitest';
import { RuleViolation } from '../shared/rule-violation';
import { expectSchemaRoundTrip } from '../shared/decider-spec';
import { HOUR } from '../shared/time';
import { decideAlarmSettings } from './alarm-settings.decider';
import { DEFAULT_ALARM_SETTINGS } from './alarm.events';

const set = (over: Partial<typeof DEFAULT_ALARM_SETTINGS>) => ({ type: 'SetAlarmSettings' as const, settings: { ...DEFAULT_ALARM_SETTINGS, ...over } });
const code = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return err instanceof RuleViolation ? [err.code, err.field] : err;
  }
  return null;
};

describe('alarm settings', () => {
  it('records holidays sorted and once each', () => {
    const events = decideAlarmSettings(set({ holidays: ['2025-12-26', '2025-12-25', '2025-12-26'], ticketAfter: 48 * HOUR }), DEFAULT_ALARM_SETTINGS);
    expect(events).toEqual([{ type: 'AlarmSettingsSet', data: { autoTicket: true, ticketAfter: 48 * HOUR, holidays: ['2025-12-25', '2025-12-26'] } }]);
    expectSchemaRoundTrip(events);
  });

  it('records nothing when nothing changes', () => expect(decideAlarmSettings(set({}), DEFAULT_ALARM_SETTINGS)).toEqual([]));

  it('refuses a day that is not on the calendar, or a delay out of range', () => {
    expect(code(() => decideAlarmSettings(set({ holidays: ['2025-02-30'] }), DEFAULT_ALARM_SETTINGS))).toEqual(['INVALID_HOLIDAY', 'holidays']);
    expect(code(() => decideAlarmSettings(set({ ticketAfter: 0 }), DEFAULT_ALARM_SETTINGS))).toEqual(['TICKET_AFTER_OUT_OF_RANGE', 'ticketAfterHours']);
  });
});
