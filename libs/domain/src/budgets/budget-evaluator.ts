import type { AlertEvent, AlertMatch, AlertRuleData, AlertRuleEvent } from '../alerts/alert.events';
import { alertId, ruleMatches, type AlertItem } from '../alerts/alert-evaluator';
import { statusItemKey } from '../status/status-engine';
import type { StatusChangedData } from '../status/status.types';
import { BudgetLedger, emptyTally, type Tally } from './budget-ledger';
import { formatDuration } from './budget-duration';
import { burnRateKey } from './error-budget.decider';
import type { BurnRateWindow, ErrorBudgetData, ErrorBudgetEvent } from './error-budget.events';

type StatusClass = keyof Tally | 'unknown';

/** ARGO's classes (status-and-ar.md): up = OK + WARNING; UNKNOWN, MISSING and no status are not known; DOWNTIME is down; the rest is known but not up. */
export function statusClass(status: string): StatusClass {
  switch (status.toUpperCase()) {
    case 'OK':
    case 'WARNING':
      return 'up';
    case 'UNKNOWN':
    case 'MISSING':
    case '':
      return 'unknown';
    case 'DOWNTIME':
      return 'down';
    default:
      return 'bad';
  }
}

export interface BurnRateFigure extends BurnRateWindow {
  /** Error rate over the window divided by the allowed one (1 - target); null when nothing was known in it. */
  longBurnRate: number | null;
  shortBurnRate: number | null;
  firing: boolean;
  /** The open alert of this pair, if any. */
  alertId: string | null;
  since: number | null;
}

export interface BudgetFigures {
  id: string;
  /** ms: the evaluation time (the last tick). */
  at: number;
  /** ms of item time in the budget window that counted as good (up) and as valid (the objective's denominator). */
  goodMs: number;
  validMs: number;
  /** good / valid over the window; null when nothing was known yet. */
  availability: number | null;
  /** Share of the window's error budget spent: (1 - availability) / (1 - target); above 1 when overspent. */
  consumed: number | null;
  /** 1 - consumed: negative when overspent. */
  remaining: number | null;
  burnRates: BurnRateFigure[];
}

interface Firing {
  alertId: string;
  since: number;
}

interface Tracked {
  budget: ErrorBudgetData;
  ledger: BudgetLedger;
  /** Matched items per class: every ms of time adds this many ms to the ledger. */
  counts: Tally;
  firing: Map<string, Firing>;
}

/**
 * A tenant's error budgets: the time their items spend up, known and in downtime, and the
 * multi-window burn-rate alerts that follow from it. Pure and replayable: time comes only from
 * StatusChanged event times and ticks, and never runs backwards (a late change applies at the clock).
 */
export class BudgetEvaluator {
  private clock: number | null = null;
  private readonly items = new Map<string, { item: AlertItem; status: string }>();
  private readonly rules = new Map<string, AlertRuleData>();
  private readonly tracked = new Map<string, Tracked>();

  get now(): number | null {
    return this.clock;
  }

  budgetIds(): string[] {
    return [...this.tracked.keys()];
  }

  applyRule(e: AlertRuleEvent): void {
    if (e.type === 'AlertRuleRemoved') this.rules.delete(e.data.id);
    else {
      const before = this.rules.get(e.data.id);
      this.rules.set(e.data.id, e.data);
      if (before && JSON.stringify(before.match) === JSON.stringify(e.data.match)) return;
    }
    for (const t of this.tracked.values()) if (t.budget.ruleId === e.data.id) this.rematch(t);
  }

  /** A budget created, changed or removed; its alerts resolve when it goes or drops their window pair. */
  applyBudget(e: ErrorBudgetEvent, at: number): AlertEvent[] {
    const current = this.tracked.get(e.data.id);
    if (e.type === 'ErrorBudgetRemoved') {
      this.tracked.delete(e.data.id);
      return current ? [...current.firing.values()].map((f) => resolved(current.budget, f, this.clock ?? at)) : [];
    }
    const budget = e.data;
    if (!current) {
      const t: Tracked = { budget, ledger: new BudgetLedger(budget.window), counts: emptyTally(), firing: new Map() };
      this.tracked.set(budget.id, t);
      this.rematch(t);
      return [];
    }
    const rescoped = current.budget.ruleId !== budget.ruleId || JSON.stringify(current.budget.match) !== JSON.stringify(budget.match);
    current.budget = budget;
    current.ledger.resize(budget.window);
    if (rescoped) this.rematch(current);
    const keep = new Set(budget.burnRateWindows.map(burnRateKey));
    const out: AlertEvent[] = [];
    for (const [key, f] of current.firing) {
      if (keep.has(key)) continue;
      current.firing.delete(key);
      out.push(resolved(budget, f, this.clock ?? at));
    }
    return out;
  }

  statusChanged(c: StatusChangedData): void {
    this.advance(c.since);
    const key = statusItemKey(c.level, c);
    const item: AlertItem = { level: c.level, supergroup: c.supergroup, endpointGroup: c.endpointGroup, function: c.function, service: c.service, hostname: c.hostname, metric: c.metric };
    const before = this.items.get(key);
    if (c.status === '') this.items.delete(key);
    else this.items.set(key, { item, status: c.status });
    const from = before ? statusClass(before.status) : 'unknown';
    const to = statusClass(c.status);
    if (from === to) return;
    for (const t of this.tracked.values()) {
      const match = this.matchOf(t.budget);
      if (!match || !ruleMatches({ match } as AlertRuleData, item)) continue;
      if (from !== 'unknown') t.counts[from]--;
      if (to !== 'unknown') t.counts[to]++;
    }
  }

  /** A minute passed: every budget is evaluated at `at`; pairs that start or stop exceeding their factor raise or resolve. */
  tick(at: number): AlertEvent[] {
    this.advance(at);
    const now = this.clock!;
    const out: AlertEvent[] = [];
    for (const t of this.tracked.values()) {
      t.ledger.prune(now);
      for (const w of t.budget.burnRateWindows) {
        const key = burnRateKey(w);
        const [long, short] = [this.burnRate(t, w.longWindow, now), this.burnRate(t, w.shortWindow, now)];
        const exceeds = long !== null && short !== null && long > w.factor && short > w.factor;
        const open = t.firing.get(key);
        if (exceeds && !open) {
          const f = { alertId: alertId('burn-rate', t.budget.id, key, now), since: now };
          t.firing.set(key, f);
          out.push(raised(t.budget, this.matchOf(t.budget), w, f, long!, short!));
        } else if (!exceeds && open) {
          t.firing.delete(key);
          out.push(resolved(t.budget, open, now));
        }
      }
    }
    return out;
  }

  /** The budget's figures at the clock; undefined for an unknown budget. */
  figures(id: string): BudgetFigures | undefined {
    const t = this.tracked.get(id);
    if (!t) return undefined;
    const now = this.clock ?? 0;
    const { good, valid } = this.goodAndValid(t, t.ledger.sum(now, t.budget.window));
    const availability = valid > 0 ? good / valid : null;
    const consumed = availability === null ? null : (1 - availability) / (1 - t.budget.target);
    const burnRates = t.budget.burnRateWindows.map((w): BurnRateFigure => {
      const open = t.firing.get(burnRateKey(w));
      return { ...w, longBurnRate: this.burnRate(t, w.longWindow, now), shortBurnRate: this.burnRate(t, w.shortWindow, now), firing: !!open, alertId: open?.alertId ?? null, since: open?.since ?? null };
    });
    return { id, at: now, goodMs: good, validMs: valid, availability, consumed, remaining: consumed === null ? null : 1 - consumed, burnRates };
  }

  private burnRate(t: Tracked, window: number, now: number): number | null {
    const { good, valid } = this.goodAndValid(t, t.ledger.sum(now, window));
    return valid > 0 ? (1 - good / valid) / (1 - t.budget.target) : null;
  }

  /** Availability counts DOWNTIME as known and not up (ARGO); reliability leaves it out. */
  private goodAndValid(t: Tracked, s: Tally): { good: number; valid: number } {
    return { good: s.up, valid: s.up + s.bad + (t.budget.objective === 'availability' ? s.down : 0) };
  }

  /** Time moves to `at` (never back): every budget books its items' time since the last move. */
  private advance(at: number): void {
    if (this.clock !== null && at <= this.clock) return;
    if (this.clock !== null) for (const t of this.tracked.values()) t.ledger.accrue(this.clock, at, t.counts);
    this.clock = at;
  }

  private matchOf(b: ErrorBudgetData): AlertMatch | null {
    return b.ruleId !== null ? (this.rules.get(b.ruleId)?.match ?? null) : b.match;
  }

  /** The budget covers other items from now on: what it booked was about the old ones. */
  private rematch(t: Tracked): void {
    t.ledger.clear();
    t.counts = emptyTally();
    const match = this.matchOf(t.budget);
    if (!match) return;
    for (const { item, status } of this.items.values()) {
      const c = statusClass(status);
      if (c !== 'unknown' && ruleMatches({ match } as AlertRuleData, item)) t.counts[c]++;
    }
  }
}

const round = (x: number) => String(Math.round(x * 1e4) / 1e4);

function raised(b: ErrorBudgetData, match: AlertMatch | null, w: BurnRateWindow, f: Firing, long: number, short: number): AlertEvent {
  const labels = {
    ...b.labels,
    alertname: `${b.name} burn rate`,
    budget_id: b.id,
    budget: b.name,
    severity: w.severity,
    objective: b.objective,
    target: String(b.target),
    long_window: formatDuration(w.longWindow),
    short_window: formatDuration(w.shortWindow),
    burn_rate_factor: String(w.factor),
    burn_rate_long: round(long),
    burn_rate_short: round(short),
  };
  return {
    type: 'AlertRaised',
    data: {
      alertId: f.alertId, ruleId: b.ruleId ?? b.id, level: match?.level ?? 'group', supergroup: match?.supergroup ?? '', endpointGroup: match?.endpointGroup ?? '',
      service: match?.service ?? '', hostname: match?.hostname ?? '', metric: match?.metric ?? '',
      status: w.severity === 'page' ? 'CRITICAL' : 'WARNING', previousStatus: 'OK', kind: 'BURNRATE', since: f.since, labels,
    },
  };
}

const resolved = (b: ErrorBudgetData, f: Firing, at: number): AlertEvent => ({ type: 'AlertResolved', data: { alertId: f.alertId, ruleId: b.ruleId ?? b.id, status: 'OK', resolvedAt: at } });
