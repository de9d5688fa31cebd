import { map } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';
import { tableSink, type ClickHouse } from '@vigil/read-models';
import type { Projection, Sink } from '../projection';
import { metricResultsProjectionWith } from '../metric-results/metric-results.projection';
import { topologyProjection, topologySink } from '../topology/topology.projection';
import { STATUS_PROJECTION_VERSION, statusProjection, type StatusWrite } from '../status/status.projection';
import { AR_PROJECTION_VERSION, arProjection, type ArProjectionOptions } from '../ar/ar.projection';
import { arSink } from '../ar/ar.sink';
import { ALERT_PROJECTION_VERSION, alertProjection } from '../alerts/alert.projection';
import { ALERT_TABLES, alertRowsSink, type AlertRows } from '../alerts/alert-rows.sink';
import { BUDGET_PROJECTION_VERSION, budgetProjection } from '../budgets/budget.projection';
import { budgetRowsSink } from '../budgets/budget-rows.sink';
import { ALARM_PROJECTION_VERSION, alarmProjection } from '../alarms/alarm.projection';
import { ALARM_TABLES, alarmRowsSink } from '../alarms/alarm.sink';

/** A projection as `vigil replay` rebuilds it: its tables, the events it reads and a sink without side effects. */
export interface ReplayTarget<W = unknown> {
  name: string;
  version: number;
  /** Swapped together in one RENAME statement. */
  tables: readonly string[];
  /** Subject filter under the events prefix (nats-server 2.9: one per consumer). */
  filter: (prefix: string) => string;
  /** Folds state over the whole log: a resume or a `--from` refolds earlier events without writing. */
  stateful: boolean;
  /**
   * Rows' positions are the event's position times this (alarms: × 10 + the decision's order), so
   * the bounds of the rows kept at a swap or before `--from` scale with it. Default 1.
   */
  positionScale?: number;
  create(): Projection<W>;
  /** Writes through `clickhouse`, whose inserts the replay redirects to the shadow tables. */
  sink(clickhouse: ClickHouse): Sink<W>;
}

const never = Number.MAX_SAFE_INTEGER;

/** Only the rows: the StatusChanged events were appended by the live projector and stay in the log. */
const statusRowsSink = (clickhouse: ClickHouse): Sink<StatusWrite> => ({
  write: async (w) => {
    if (w.historyRows.length > 0) await clickhouse.insert('status_history', w.historyRows);
    if (w.currentRows.length > 0) await clickhouse.insert('status_current', w.currentRows);
  },
});

/** Folds a batch: only the types the projection reads, as its live consumer decodes only those. */
type Fold<W> = { types: readonly string[]; applyBatch(events: readonly RecordedEvent[]): W };
const foldOwn = <W>(p: Fold<W>, events: readonly RecordedEvent[]): W => {
  const types = new Set(p.types);
  return p.applyBatch(events.filter((e) => types.has(e.type)));
};

/**
 * alerts_history/alerts_current have two writers live: the alert projection (rule alerts) and the
 * budget projection (burn-rate alerts). Rebuilding them runs both over each batch and keeps their
 * alert rows; the budget projection's error_budgets rows belong to the `budgets` target.
 */
function alertRowsProjection(): Projection<AlertRows> {
  // Named and versioned as the live alert projector, so `--status` lines up with what it records.
  const alerts = alertProjection();
  const budgets = budgetProjection();
  const fold = (events: readonly RecordedEvent[]): AlertRows => {
    const a = foldOwn(alerts, events);
    const b = foldOwn(budgets, events);
    return { historyRows: [...a.historyRows, ...b.historyRows], currentRows: [...a.currentRows, ...b.currentRows] };
  };
  return { name: alerts.name, version: alerts.version, types: [...new Set([...alerts.types, ...budgets.types])], project: (batches) => batches.pipe(map(fold)) };
}

/** Continuous A/R; `options` only for tests (e.g. open-day rows for ticks long past). */
export function arReplayTarget(options: ArProjectionOptions = {}): ReplayTarget {
  return {
    name: 'ar',
    version: AR_PROJECTION_VERSION,
    tables: ['ar_daily', 'ar_monthly', 'status_statistics_daily', 'flapping_daily'],
    // One consumer on every event (nats-server 2.9: one filter); StatusChanged, ticks and weights are folded.
    filter: (prefix) => `${prefix}.>`,
    stateful: true,
    create: () => arProjection(options),
    sink: arSink,
  } as ReplayTarget;
}

export const replayTargets: readonly ReplayTarget[] = [
  {
    name: 'metric-results',
    version: metricResultsProjectionWith().version,
    tables: ['metric_results'],
    // Results are flagged against the topology: it reads registry events too.
    filter: (prefix) => `${prefix}.>`,
    stateful: true,
    create: () => metricResultsProjectionWith(),
    sink: (ch) => tableSink(ch, 'metric_results'),
  } as ReplayTarget,
  {
    name: 'topology',
    version: topologyProjection().version,
    tables: ['topology_endpoints', 'topology_groups'],
    filter: (prefix) => `${prefix}.>`,
    stateful: true,
    // No seed: a rebuild starts from an empty topology, not from the tables it replaces.
    create: () => topologyProjection(),
    sink: (ch) => topologySink(ch),
  } as ReplayTarget,
  {
    name: 'status',
    version: STATUS_PROJECTION_VERSION,
    tables: ['status_history', 'status_current'],
    filter: (prefix) => `${prefix}.>`,
    stateful: true,
    create: () => statusProjection({ snapshotEveryEvents: never, snapshotEveryMs: never }),
    sink: statusRowsSink,
  } as ReplayTarget,
  arReplayTarget(),
  {
    name: 'alerts',
    version: ALERT_PROJECTION_VERSION,
    tables: [...ALERT_TABLES],
    filter: (prefix) => `${prefix}.>`,
    stateful: true,
    create: alertRowsProjection,
    sink: alertRowsSink,
  } as ReplayTarget,
  {
    name: 'budgets',
    version: BUDGET_PROJECTION_VERSION,
    tables: ['error_budgets'],
    filter: (prefix) => `${prefix}.>`,
    stateful: true,
    create: () => budgetProjection(),
    sink: budgetRowsSink,
  } as ReplayTarget,
  {
    name: 'alarms',
    version: ALARM_PROJECTION_VERSION,
    tables: [...ALARM_TABLES],
    filter: (prefix) => `${prefix}.>`,
    stateful: true,
    create: () => alarmProjection(),
    // Rows only: the alarm and ticket events the live projector appended are in the log already.
    sink: alarmRowsSink,
    positionScale: 10,
  } as ReplayTarget,
];

/** `all` or one projection name; an unknown name lists the known ones. */
export function selectTargets(name: string): ReplayTarget[] {
  if (name === 'all') return [...replayTargets];
  const target = replayTargets.find((t) => t.name === name);
  if (!target) throw new Error(`unknown projection '${name}': one of ${replayTargets.map((t) => t.name).join(', ')}, or all`);
  return [target];
}
