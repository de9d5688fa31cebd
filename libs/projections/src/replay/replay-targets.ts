import { tableSink, type ClickHouse } from '@vigil/read-models';
import type { Projection, Sink } from '../projection';
import { metricResultsProjectionWith } from '../metric-results/metric-results.projection';
import { topologyProjection, topologySink } from '../topology/topology.projection';
import { STATUS_PROJECTION_VERSION, statusProjection, type StatusWrite } from '../status/status.projection';

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
];

/** `all` or one projection name; an unknown name lists the known ones. */
export function selectTargets(name: string): ReplayTarget[] {
  if (name === 'all') return [...replayTargets];
  const target = replayTargets.find((t) => t.name === name);
  if (!target) throw new Error(`unknown projection '${name}': one of ${replayTargets.map((t) => t.name).join(', ')}, or all`);
  return [target];
}
