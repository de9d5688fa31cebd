import type { ClickHouse } from '@vigil/read-models';
import type { Sink } from '../projection';
import type { AlertCurrentRow, AlertHistoryRow } from './alert.projection';

/** The tables alert rows go to: written by the alert projection and by the budget projection's burn-rate alerts. */
export const ALERT_TABLES = ['alerts_history', 'alerts_current'] as const;

export interface AlertRows {
  historyRows: AlertHistoryRow[];
  currentRows: AlertCurrentRow[];
}

/** Rows only: for a rebuild from the log, whose AlertRaised/AlertResolved events are already there. */
export const alertRowsSink = (clickhouse: ClickHouse): Sink<AlertRows> => ({
  write: async (w) => {
    if (w.historyRows.length > 0) await clickhouse.insert('alerts_history', w.historyRows);
    if (w.currentRows.length > 0) await clickhouse.insert('alerts_current', w.currentRows);
  },
});
