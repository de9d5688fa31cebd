import { periodAr } from '@vigil/domain';
import type { ArMonthlyRow } from '@vigil/projections';
import { sql, type ClickHouse } from '@vigil/read-models';

/** An item's day as ar_daily holds it. `day_text`, not `day`: an alias named as the column would replace it in WHERE on ClickHouse 18.16. */
type DayRow = Omit<ArMonthlyRow, 'tenant' | 'month' | 'days' | 'position'> & { day_text: string };

/** First and last day (YYYY-MM-DD) of the month of `day`. */
export function monthBounds(day: string): { month: string; first: string; last: string } {
  const [y, m] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { month: `${day.slice(0, 7)}-01`, first: `${day.slice(0, 7)}-01`, last };
}

/**
 * A month's ar_monthly rows from its ar_daily rows as they now read (the latest version of each
 * day, recomputed or live), by the same formulas as the live projection and the results API.
 * Final once the month's last day is final.
 */
export async function recomputeMonth(clickhouse: ClickHouse, tenant: string, day: string, position: number): Promise<ArMonthlyRow[]> {
  const { month, first, last } = monthBounds(day);
  const rows = await clickhouse.query<DayRow>(sql`
    SELECT level, supergroup, endpoint_group, function, service, hostname, toString(day) AS day_text,
      argMax(availability, position) AS availability, argMax(reliability, position) AS reliability,
      argMax(up, position) AS up, argMax(unknown, position) AS unknown, argMax(down, position) AS down,
      argMax(final, position) AS final
    FROM ar_daily
    WHERE tenant = ${tenant} AND day >= toDate(${first}) AND day <= toDate(${last})
    GROUP BY level, supergroup, endpoint_group, function, service, hostname, day`);
  const items = new Map<string, DayRow[]>();
  for (const r of rows) {
    const key = [r.level, r.supergroup, r.endpoint_group, r.function, r.service, r.hostname].join('\u0000');
    items.set(key, [...(items.get(key) ?? []), r]);
  }
  // Closed once its last day is final: items that joined mid-month are final then too.
  const lastDays = rows.filter((r) => r.day_text === last);
  const final = lastDays.length > 0 && lastDays.every((d) => Number(d.final) === 1) ? 1 : 0;
  return [...items.values()].map((days) => {
    const { level, supergroup, endpoint_group, function: fn, service, hostname } = days[0];
    const f = periodAr(days, level === 'supergroup');
    return {
      tenant, level, supergroup, endpoint_group, function: fn, service, hostname, month,
      availability: f.availability ?? -1, reliability: f.reliability ?? -1, up: f.up ?? -1, unknown: f.unknown ?? -1, down: f.down ?? -1,
      days: days.length, final, position,
    };
  });
}
