import type { AlertMatch, AlertRuleData } from '../alerts/alert.events';
import { STATUS_LEVELS } from '../alerts/alert-rule.decider';
import { NotFound, RuleViolation } from '../shared/rule-violation';
import { DAY, HOUR, MINUTE } from '../shared/time';
import { requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import type { StatusLevel } from '../status/status.types';
import type { BudgetObjective, BurnRateWindow, ErrorBudgetData, ErrorBudgetEvent } from './error-budget.events';

/** domain.md §6 for a 30-day window: page at 14.4 over 1 h and 5 min or 6 over 6 h and 30 min; ticket at 3 over 1 d and 2 h or 1 over 3 d and 6 h. */
export const DEFAULT_BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { severity: 'page', longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 14.4 },
  { severity: 'page', longWindow: 6 * HOUR, shortWindow: 30 * MINUTE, factor: 6 },
  { severity: 'ticket', longWindow: DAY, shortWindow: 2 * HOUR, factor: 3 },
  { severity: 'ticket', longWindow: 3 * DAY, shortWindow: 6 * HOUR, factor: 1 },
];
export const ERROR_BUDGET_DEFAULTS = { window: 30 * DAY, objective: 'availability' as BudgetObjective };
export const BUDGET_WINDOW_LIMITS = { min: HOUR, max: 400 * DAY } as const;
export const MAX_BURN_RATE_WINDOWS = 10;

export type ErrorBudgetInput = {
  name: string;
  ruleId?: string | null;
  match?: (Partial<AlertMatch> & Pick<AlertMatch, 'level'>) | null;
  objective?: BudgetObjective;
  target: number;
  window?: number;
  burnRateWindows?: BurnRateWindow[];
  labels?: Record<string, string>;
};

export type ErrorBudgetCommand =
  | { type: 'CreateErrorBudget'; id: string; budget: ErrorBudgetInput }
  /** PUT: the whole definition; fields left out take their defaults. */
  | { type: 'ReplaceErrorBudget'; id: string; budget: ErrorBudgetInput }
  | { type: 'RemoveErrorBudget'; id: string };

export type ErrorBudgets = ReadonlyMap<string, ErrorBudgetData>;
/** The tenant's alert rules: a budget may cover one's items. */
export type ErrorBudgetView = ReadonlyMap<string, AlertRuleData>;

export function decideErrorBudget(command: ErrorBudgetCommand, budgets: ErrorBudgets, rules: ErrorBudgetView): ErrorBudgetEvent[] {
  switch (command.type) {
    case 'CreateErrorBudget': {
      if (budgets.has(command.id)) throw new RuleViolation('ERROR_BUDGET_EXISTS', `error budget ${command.id} already exists`, 'id');
      return [{ type: 'ErrorBudgetCreated', data: checkBudget(command.id, command.budget, budgets, rules) }];
    }
    case 'ReplaceErrorBudget': {
      const current = existing(budgets, command.id);
      const next = checkBudget(command.id, command.budget, budgets, rules);
      if (JSON.stringify(next) === JSON.stringify(current)) return [];
      return [{ type: 'ErrorBudgetUpdated', data: next }];
    }
    case 'RemoveErrorBudget':
      existing(budgets, command.id);
      return [{ type: 'ErrorBudgetRemoved', data: { id: command.id } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown error budget command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveErrorBudgets(budgets: ErrorBudgets, e: ErrorBudgetEvent): ErrorBudgets {
  const next = new Map(budgets);
  if (e.type === 'ErrorBudgetRemoved') next.delete(e.data.id);
  else next.set(e.data.id, e.data);
  return next;
}

export const errorBudgetDecider: ViewDecider<ErrorBudgetCommand, ErrorBudgets, ErrorBudgetEvent, ErrorBudgetView> = {
  decide: (command, budgets, rules) => decideErrorBudget(command, budgets, rules),
  evolve: evolveErrorBudgets,
  initialState: () => new Map(),
};

function existing(budgets: ErrorBudgets, id: string): ErrorBudgetData {
  const budget = budgets.get(id);
  if (!budget) throw new NotFound('error budget', id);
  return budget;
}

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v);

function scopeOf(input: ErrorBudgetInput, rules: ErrorBudgetView): Pick<ErrorBudgetData, 'ruleId' | 'match'> {
  const ruleId = blankToNull(input.ruleId);
  const m = input.match ?? null;
  if (ruleId !== null && m !== null) throw new RuleViolation('ERROR_BUDGET_SCOPE_AMBIGUOUS', 'give either ruleId or match, not both', 'match');
  if (ruleId !== null) {
    if (!rules.has(ruleId)) throw new RuleViolation('UNKNOWN_ALERT_RULE', `no alert rule ${ruleId}`, 'ruleId');
    return { ruleId, match: null };
  }
  if (m === null) throw new RuleViolation('ERROR_BUDGET_SCOPE_REQUIRED', 'give ruleId (an alert rule) or match (the items the budget covers)', 'ruleId');
  if (!STATUS_LEVELS.includes(m.level as StatusLevel)) throw new RuleViolation('UNKNOWN_LEVEL', `level must be one of ${STATUS_LEVELS.join(', ')}`, 'match.level');
  const match: AlertMatch = { level: m.level, supergroup: blankToNull(m.supergroup), endpointGroup: blankToNull(m.endpointGroup), service: blankToNull(m.service), hostname: blankToNull(m.hostname), metric: blankToNull(m.metric) };
  if (match.metric !== null && match.level !== 'metric') throw new RuleViolation('METRIC_NEEDS_METRIC_LEVEL', 'match.metric only applies to level metric', 'match.metric');
  return { ruleId: null, match };
}

function checkBudget(id: string, input: ErrorBudgetInput, budgets: ErrorBudgets, rules: ErrorBudgetView): ErrorBudgetData {
  const name = requireText(input.name, 'ERROR_BUDGET_NAME_REQUIRED', 'name').trim();
  for (const other of budgets.values()) {
    if (other.id !== id && other.name.toLowerCase() === name.toLowerCase()) throw new RuleViolation('ERROR_BUDGET_NAME_TAKEN', `another error budget is named ${name}`, 'name');
  }
  const { target } = input;
  if (!(typeof target === 'number' && Number.isFinite(target) && target > 0 && target < 1)) throw new RuleViolation('INVALID_TARGET', 'target must lie strictly between 0 and 1 (0.8 = 80 %)', 'target');
  const objective = input.objective ?? ERROR_BUDGET_DEFAULTS.objective;
  if (objective !== 'availability' && objective !== 'reliability') throw new RuleViolation('UNKNOWN_OBJECTIVE', 'objective must be availability or reliability', 'objective');
  const window = input.window ?? ERROR_BUDGET_DEFAULTS.window;
  if (!Number.isInteger(window) || window < BUDGET_WINDOW_LIMITS.min || window > BUDGET_WINDOW_LIMITS.max || window % MINUTE !== 0) {
    throw new RuleViolation('INVALID_WINDOW', 'window must be whole minutes from 1 hour to 400 days', 'window');
  }
  const burnRateWindows = checkBurnRateWindows(input.burnRateWindows ?? DEFAULT_BURN_RATE_WINDOWS.map((w) => ({ ...w })), window);
  return { id, name, ...scopeOf(input, rules), objective, target, window, burnRateWindows, labels: { ...(input.labels ?? {}) } };
}

function checkBurnRateWindows(windows: BurnRateWindow[], window: number): BurnRateWindow[] {
  if (windows.length === 0 || windows.length > MAX_BURN_RATE_WINDOWS) throw new RuleViolation('INVALID_BURN_RATE_WINDOWS', `burnRateWindows needs 1 to ${MAX_BURN_RATE_WINDOWS} window pairs`, 'burnRateWindows');
  const seen = new Set<string>();
  return windows.map((w, i) => {
    const field = (f: string) => `burnRateWindows[${i}].${f}`;
    const minutes = (v: number) => Number.isInteger(v) && v > 0 && v % MINUTE === 0;
    if (w.severity !== 'page' && w.severity !== 'ticket') throw new RuleViolation('UNKNOWN_SEVERITY', 'severity must be page or ticket', field('severity'));
    if (!minutes(w.shortWindow)) throw new RuleViolation('INVALID_BURN_RATE_WINDOW', 'shortWindow must be a positive number of whole minutes', field('shortWindow'));
    if (!minutes(w.longWindow) || w.longWindow <= w.shortWindow) throw new RuleViolation('INVALID_BURN_RATE_WINDOW', 'longWindow must be whole minutes longer than shortWindow', field('longWindow'));
    if (w.longWindow > window) throw new RuleViolation('INVALID_BURN_RATE_WINDOW', 'longWindow must not exceed the budget window', field('longWindow'));
    if (!(Number.isFinite(w.factor) && w.factor > 0)) throw new RuleViolation('INVALID_BURN_RATE_FACTOR', 'factor must be a positive number', field('factor'));
    const key = burnRateKey(w);
    if (seen.has(key)) throw new RuleViolation('DUPLICATE_BURN_RATE_WINDOW', 'the same window pair and factor is given twice', field('factor'));
    seen.add(key);
    return { severity: w.severity, longWindow: w.longWindow, shortWindow: w.shortWindow, factor: w.factor };
  });
}

/** Identifies a window pair within a budget: its alerts keep their identity across unrelated edits. */
export const burnRateKey = (w: BurnRateWindow): string => `${w.severity}:${w.longWindow}:${w.shortWindow}:${w.factor}`;
