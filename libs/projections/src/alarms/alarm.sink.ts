import type { ClickHouse } from '@vigil/read-models';
import type { Sink } from '../projection';
import type { AlarmWrite } from './alarm.projection';

/** The tables the alarms projector writes (what a rebuild replaces). */
export const ALARM_TABLES = ['alarms_history', 'alarms_current', 'tickets_current', 'downtimes_current'] as const;

/** Rows only: for a rebuild from the log, whose alarm and ticket events are already there. */
export const alarmRowsSink = (clickhouse: ClickHouse): Sink<AlarmWrite> => ({
  write: async (w) => {
    if (w.historyRows.length > 0) await clickhouse.insert('alarms_history', w.historyRows);
    if (w.currentRows.length > 0) await clickhouse.insert('alarms_current', w.currentRows);
    if (w.ticketRows.length > 0) await clickhouse.insert('tickets_current', w.ticketRows);
    if (w.downtimeRows.length > 0) await clickhouse.insert('downtimes_current', w.downtimeRows);
  },
});
