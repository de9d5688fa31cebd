// Error-budget events: each type name is its Avro record name (schemas/budget/*.avsc) and each
// `data` holds exactly that record's fields. Keep both in step.
import type { AlertMatch } from '../alerts/alert.events';

/** availability: ARGO's up / known (DOWNTIME counts as not up); reliability: up / (known - DOWNTIME). */
export type BudgetObjective = 'availability' | 'reliability';
export type BurnRateSeverity = 'page' | 'ticket';

/** One multi-window burn-rate alert: it fires while the burn rate exceeds `factor` over both windows (ms). */
export interface BurnRateWindow {
  severity: BurnRateSeverity;
  longWindow: number;
  shortWindow: number;
  factor: number;
}

export interface ErrorBudgetData {
  id: string;
  name: string;
  /** The alert rule whose items the budget covers; null when `match` says which. */
  ruleId: string | null;
  match: AlertMatch | null;
  objective: BudgetObjective;
  /** 0 < target < 1 (0.8 = 80 %). */
  target: number;
  /** ms over which the target holds. */
  window: number;
  burnRateWindows: BurnRateWindow[];
  labels: Record<string, string>;
}

export type ErrorBudgetEvent =
  | { type: 'ErrorBudgetCreated'; data: ErrorBudgetData }
  | { type: 'ErrorBudgetUpdated'; data: ErrorBudgetData }
  | { type: 'ErrorBudgetRemoved'; data: { id: string } };

/** Every budget of a tenant lives in one stream: few, read together, listed often. */
export const ERROR_BUDGETS_STREAM = { category: 'error-budgets', id: 'all' } as const;
