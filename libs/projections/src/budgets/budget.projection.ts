import { BudgetEvaluator, formatDuration, MINUTE, type AlertEvent, type AlertRuleEvent, type BudgetFigures, type ErrorBudgetData, type ErrorBudgetEvent, type StatusChangedData } from '@vigil/domain';
import type { NewEvent, RecordedEvent } from '@vigil/events';
import { foldBatch } from '../decisions';
import { foldingProjection, type FoldingProjection } from '../projection';
import { AlertDecisions, type AlertCurrentRow, type AlertHistoryRow, type OpenAlerts } from '../alerts/alert.projection';

/**
 * Bump when budgets must be re-evaluated from the log: a new durable consumer. Its burn-rate alert
 * rows live in the alerts tables: bump ALERT_PROJECTION_VERSION with it when those rows change, so
 * `vigil replay --status` marks the alerts read model stale too.
 */
export const BUDGET_PROJECTION_VERSION = 1;

export const BUDGET_INPUT_TYPES = ['ErrorBudgetCreated', 'ErrorBudgetUpdated', 'ErrorBudgetRemoved', 'AlertRuleCreated', 'AlertRuleUpdated', 'AlertRuleRemoved', 'StatusChanged', 'ClockTicked'] as const;

export interface ErrorBudgetRow {
  tenant: string;
  budget_id: string;
  name: string;
  rule_id: string;
  objective: string;
  target: number;
  window_minutes: number;
  availability: number | null;
  consumed: number | null;
  remaining: number | null;
  good_ms: number;
  valid_ms: number;
  burn_rates: string;
  firing: string[];
  removed: number;
  evaluated_at: Date;
  position: number;
}

export interface BudgetAppend {
  tenant: string;
  alertId: string;
  events: NewEvent[];
}

export interface BudgetWrite {
  appends: BudgetAppend[];
  budgetRows: ErrorBudgetRow[];
  historyRows: AlertHistoryRow[];
  currentRows: AlertCurrentRow[];
}

interface Tenant {
  evaluator: BudgetEvaluator;
  budgets: Map<string, ErrorBudgetData>;
  /** Keys of open burn-rate alerts, so a resolution's rows carry them. */
  open: OpenAlerts;
}

type Emit = (tenant: string, a: AlertEvent, at: number) => void;

/** Every tenant's error budgets, fed with Vigil events in log order; `changed` lists the budgets whose figures moved. */
export class BudgetState {
  readonly tenants = new Map<string, Tenant>();
  sequence = 0;

  apply(e: RecordedEvent, emit: Emit, changed: (tenant: string, budgetId: string) => void): void {
    if (e.type === 'ClockTicked') {
      // Ticks are platform-wide (tenant _system): every tenant's time moves.
      const at = (e.data as { at: number }).at;
      for (const [name, t] of this.tenants) {
        for (const a of t.evaluator.tick(at)) emit(name, a, at);
        for (const id of t.evaluator.budgetIds()) changed(name, id);
      }
      return;
    }
    const t = this.tenant(e.tenant);
    switch (e.type) {
      case 'ErrorBudgetCreated':
      case 'ErrorBudgetUpdated':
      case 'ErrorBudgetRemoved': {
        const b = { type: e.type, data: e.data } as ErrorBudgetEvent;
        const at = t.evaluator.now ?? e.occurredAt;
        for (const a of t.evaluator.applyBudget(b, e.occurredAt)) emit(e.tenant, a, at);
        if (b.type === 'ErrorBudgetRemoved') t.budgets.delete(b.data.id);
        else t.budgets.set(b.data.id, b.data);
        return changed(e.tenant, b.data.id);
      }
      case 'AlertRuleCreated':
      case 'AlertRuleUpdated':
      case 'AlertRuleRemoved':
        return t.evaluator.applyRule({ type: e.type, data: e.data } as AlertRuleEvent);
      case 'StatusChanged':
        return t.evaluator.statusChanged(e.data as StatusChangedData);
    }
  }

  tenant(name: string): Tenant {
    let t = this.tenants.get(name);
    if (!t) this.tenants.set(name, (t = { evaluator: new BudgetEvaluator(), budgets: new Map(), open: new Map() }));
    return t;
  }
}

export type BudgetProjection = FoldingProjection<BudgetState, BudgetWrite>;

/**
 * Budgets, rules, StatusChanged and ticks in; burn-rate AlertRaised/AlertResolved out (one stream
 * per alert, ids derived from the trigger's position: a redelivered batch appends duplicates the
 * store drops), with error_budgets rows and the alerts' alerts_history/alerts_current rows.
 */
export function budgetProjection(): BudgetProjection {
  const state = new BudgetState();
  const project = (events: readonly RecordedEvent[]): BudgetWrite => {
    const write: BudgetWrite = { appends: [], budgetRows: [], historyRows: [], currentRows: [] };
    const decisions = new AlertDecisions(write, { resolveUnknown: false });
    const rows = new Map<string, ErrorBudgetRow>(); // the last figures per budget in this batch
    foldBatch(state, events, (e) =>
      state.apply(
        e,
        (tenant, a, at) => decisions.add(e, state.tenant(tenant).open, tenant, a, at),
        (tenant, id) => {
          const t = state.tenant(tenant);
          rows.set(`${tenant}/${id}`, budgetRow(tenant, id, t.budgets.get(id) ?? null, t.evaluator.figures(id), e.position, t.evaluator.now ?? e.occurredAt));
        },
      ),
    );
    write.appends = decisions.appends.list();
    write.budgetRows = [...rows.values()];
    return write;
  };
  return foldingProjection({ name: 'budgets', version: BUDGET_PROJECTION_VERSION, types: BUDGET_INPUT_TYPES, state, applyBatch: project });
}

const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e6) / 1e6);

function budgetRow(tenant: string, id: string, b: ErrorBudgetData | null, f: BudgetFigures | undefined, position: number, at: number): ErrorBudgetRow {
  const burnRates = (f?.burnRates ?? []).map((r) => ({
    severity: r.severity, longWindow: formatDuration(r.longWindow), shortWindow: formatDuration(r.shortWindow), factor: r.factor,
    longBurnRate: round(r.longBurnRate), shortBurnRate: round(r.shortBurnRate), firing: r.firing, alertId: r.alertId, since: r.since,
  }));
  return {
    tenant, budget_id: id, name: b?.name ?? '', rule_id: b?.ruleId ?? '', objective: b?.objective ?? '', target: b?.target ?? 0, window_minutes: b ? b.window / MINUTE : 0,
    availability: round(f?.availability ?? null), consumed: round(f?.consumed ?? null), remaining: round(f?.remaining ?? null),
    good_ms: f?.goodMs ?? 0, valid_ms: f?.validMs ?? 0, burn_rates: JSON.stringify(burnRates), firing: burnRates.flatMap((r) => (r.alertId ? [r.alertId] : [])),
    removed: b ? 0 : 1, evaluated_at: new Date(at), position,
  };
}
