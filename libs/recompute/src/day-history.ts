import type { NatsConnection } from '@nats-io/transport-node';
import { defaultStatusProfiles, DAY, type MetricResult, type StatusProfiles, type ThresholdRuleInput } from '@vigil/domain';
import type { SchemaCatalog } from '@vigil/events';
import { SCHEMA_HEADER } from '@vigil/event-store';
import { parseWeights, readLog, StatusTopology, STATUS_INPUT_TYPES, type StatusTopologySnapshot } from '@vigil/projections';

/** What one day's batch computation reads, rebuilt from the tenant's events. */
export interface DayBasis {
  day: string;
  /** The day's results (timestamp within the day). */
  results: MetricResult[];
  /** The last result of each metric before the day: its status at 00:00:00. */
  previous: MetricResult[];
  topology: StatusTopologySnapshot;
  profiles: StatusProfiles;
  weights: Map<string, number>;
}

export interface HistorySource {
  stream: string;
  /** Subject prefix of the events stream. */
  prefix: string;
  schemas: SchemaCatalog;
}

const TYPES = [...STATUS_INPUT_TYPES, 'WeightsSet'];

interface ProbeResult {
  timestamp: number;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  monitoringHost: string | null;
  actualData: string | null;
}

/**
 * Folds a tenant's log into the inputs of each day. Registry and profile events apply in log order
 * (as the live status projection saw them); a day's topology and profiles are those in force when the
 * log first holds a result of a later day (or at the log's end), i.e. once the day was over.
 */
export async function readDayBases(nc: NatsConnection, source: HistorySource, tenant: string, days: readonly string[]): Promise<DayBasis[]> {
  const starts = days.map((d) => Date.parse(`${d}T00:00:00Z`));
  const bases: DayBasis[] = days.map((day) => ({ day, results: [], previous: [], topology: { sites: [], services: [], downtimes: [] }, profiles: defaultStatusProfiles(), weights: new Map() }));
  const last = starts.map(() => new Map<string, ProbeResult>());
  const captured = starts.map(() => false);
  const topology = new StatusTopology();
  let profiles = defaultStatusProfiles();
  let weights = new Map<string, number>();
  const capture = (i: number) => {
    bases[i].topology = topology.snapshot();
    bases[i].profiles = profiles;
    bases[i].weights = weights;
    captured[i] = true;
  };
  for await (const batch of readLog(nc, { stream: source.stream, filterSubject: `${source.prefix}.${tenant}.>`, schemaHeader: SCHEMA_HEADER, schemas: source.schemas, types: TYPES, startSequence: 1 })) {
    for (const e of batch.events) {
      if (e.type !== 'ProbeResultRecorded') {
        if (e.type === 'WeightsSet') weights = parseWeights((e.data as { profile: string }).profile);
        else profiles = withProfile(profiles, e.type, (e.data as { profile?: string }).profile);
        topology.inputs(e);
        continue;
      }
      const r = e.data as ProbeResult;
      starts.forEach((start, i) => {
        if (!captured[i] && r.timestamp >= start + DAY) capture(i);
        if (r.timestamp >= start && r.timestamp < start + DAY) bases[i].results.push(toMetricResult(r));
        else if (r.timestamp < start) keepLatest(last[i], r);
      });
    }
  }
  starts.forEach((_, i) => {
    if (!captured[i]) capture(i);
    bases[i].previous = [...last[i].values()].map(toMetricResult);
  });
  return bases;
}

function keepLatest(last: Map<string, ProbeResult>, r: ProbeResult): void {
  const key = `${r.service}\u0000${r.hostname}\u0000${r.metric}`;
  const seen = last.get(key);
  if (!seen || r.timestamp >= seen.timestamp) last.set(key, r);
}

const toMetricResult = (r: ProbeResult): MetricResult => ({
  timestamp: new Date(r.timestamp).toISOString(),
  service: r.service,
  hostname: r.hostname,
  metric: r.metric,
  status: r.status,
  monitoringHost: r.monitoringHost,
  actualData: r.actualData,
});

/** A profile event replaces that profile; an unreadable one changes nothing (as in the status projection). */
function withProfile(p: StatusProfiles, type: string, json: string | undefined): StatusProfiles {
  if (json === undefined) return p;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return p;
  }
  switch (type) {
    case 'OperationsProfileSet':
      return { ...p, operations: parsed as StatusProfiles['operations'] };
    case 'AggregationProfileSet':
      return { ...p, aggregation: parsed as StatusProfiles['aggregation'] };
    case 'MetricProfileSet':
      return { ...p, metricProfile: parsed as StatusProfiles['metricProfile'] };
    case 'ThresholdsProfileSet':
      return { ...p, thresholds: (Array.isArray(parsed) ? parsed : ((parsed as { rules?: ThresholdRuleInput[] }).rules ?? [])) as ThresholdRuleInput[] };
    default:
      return p;
  }
}
