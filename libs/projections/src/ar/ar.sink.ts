import type { ClickHouse } from '@vigil/read-models';
import type { Sink } from '../projection';
import type { ArWrite } from './ar.projection';

/** Inserts a write's rows; every table is keyed by item and day (or month) with the position as version, so a redelivery is harmless. */
export const arSink = (clickhouse: ClickHouse): Sink<ArWrite> => ({
  write: async (w) => {
    await Promise.all([
      w.daily.length > 0 && clickhouse.insert('ar_daily', w.daily),
      w.statistics.length > 0 && clickhouse.insert('status_statistics_daily', w.statistics),
      w.flapping.length > 0 && clickhouse.insert('flapping_daily', w.flapping),
      w.monthly.length > 0 && clickhouse.insert('ar_monthly', w.monthly),
    ]);
  },
});
