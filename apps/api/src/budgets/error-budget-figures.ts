import { burnRateKey, formatDuration, parseDuration, type ErrorBudgetData } from '@vigil/domain';
import { sql, type ClickHouse } from '@vigil/read-models';
import type { BurnRateDto, ErrorBudgetDto } from './error-budget.dto';

interface FiguresRow {
  budget_id: string;
  availability: number | null;
  consumed: number | null;
  remaining: number | null;
  burn_rates: string;
  evaluated_s: number | string;
}

interface StoredBurnRate {
  severity: string;
  longWindow: string;
  shortWindow: string;
  factor: number;
  longBurnRate: number | null;
  shortBurnRate: number | null;
  firing: boolean;
  alertId: string | null;
  since: number | null;
}

/** The latest figures of a tenant's budgets (error_budgets, written by the budgets projector), by id. */
export async function loadFigures(clickhouse: ClickHouse, tenant: string, id?: string): Promise<Map<string, FiguresRow>> {
  const one = id === undefined ? sql`` : sql`AND budget_id = ${id}`;
  const rows = await clickhouse.query<FiguresRow>(sql`
    SELECT budget_id, availability, consumed, remaining, burn_rates, toUnixTimestamp(evaluated_at) AS evaluated_s
    FROM error_budgets FINAL WHERE tenant = ${tenant} AND removed = 0 ${one}`);
  return new Map(rows.map((r) => [r.budget_id, r]));
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A definition with its figures; pairs the projector has not evaluated yet show nulls. */
export function budgetView(b: ErrorBudgetData, row: FiguresRow | undefined): ErrorBudgetDto {
  const stored = new Map<string, StoredBurnRate>();
  for (const r of row ? (JSON.parse(row.burn_rates) as StoredBurnRate[]) : []) {
    stored.set(burnRateKey({ severity: r.severity as 'page', longWindow: parseDuration(r.longWindow) ?? 0, shortWindow: parseDuration(r.shortWindow) ?? 0, factor: r.factor }), r);
  }
  const burnRates = b.burnRateWindows.map((w): BurnRateDto => {
    const s = stored.get(burnRateKey(w));
    return {
      severity: w.severity, longWindow: formatDuration(w.longWindow), shortWindow: formatDuration(w.shortWindow), factor: w.factor,
      longBurnRate: s?.longBurnRate ?? null, shortBurnRate: s?.shortBurnRate ?? null, firing: s?.firing ?? false, alertId: s?.alertId ?? null,
      since: s?.since ? new Date(s.since).toISOString() : null,
    };
  });
  const m = b.match;
  const match = m && { level: m.level, ...Object.fromEntries(Object.entries(m).filter(([k, v]) => k !== 'level' && v !== null)) };
  return {
    id: b.id, name: b.name, ruleId: b.ruleId, match: match as ErrorBudgetDto['match'], objective: b.objective, target: b.target, window: formatDuration(b.window), labels: b.labels,
    availability: num(row?.availability ?? null), consumed: num(row?.consumed ?? null), remaining: num(row?.remaining ?? null),
    evaluatedAt: row ? new Date(Number(row.evaluated_s) * 1000).toISOString() : null,
    burnRates, firingAlerts: burnRates.filter((r) => r.firing),
  };
}
