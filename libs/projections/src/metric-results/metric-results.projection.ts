import { concatMap, defer } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';
import type { Projection } from '../projection';
import { TOPOLOGY_EVENT_TYPES, topologyRows, type TopologyState } from '../topology/topology-rows';

export interface ProbeResultRecorded {
  timestamp: number;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  monitoringHost: string | null;
  summary: string | null;
  message: string | null;
  tags: Record<string, string | null> | null;
  actualData: string | null;
}

export interface MetricResultRow {
  tenant: string;
  timestamp: Date;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  monitoring_host: string;
  summary: string;
  message: string;
  actual_data: string;
  tags: string;
  endpoint_group: string;
  known_endpoint: number;
  event_id: string;
  position: number;
  recorded_at: Date;
}

/** Where a result's endpoint sits in the registry topology, if it is known there. */
export type EndpointLookup = (tenant: string, hostname: string, serviceType: string) => string | undefined;

export function metricResultRow(e: RecordedEvent<ProbeResultRecorded>, lookup: EndpointLookup = () => undefined): MetricResultRow {
  const d = e.data;
  const site = lookup(e.tenant, d.hostname, d.service);
  return {
    tenant: e.tenant,
    timestamp: new Date(d.timestamp),
    service: d.service,
    hostname: d.hostname,
    metric: d.metric,
    status: d.status,
    monitoring_host: d.monitoringHost ?? '',
    summary: d.summary ?? '',
    message: d.message ?? '',
    actual_data: d.actualData ?? '',
    tags: d.tags ? JSON.stringify(d.tags) : '',
    // Results of endpoints the registry does not know are kept, flagged, for a later import to pick up.
    endpoint_group: site ?? '',
    known_endpoint: site === undefined ? 0 : 1,
    event_id: e.eventId,
    position: e.position,
    recorded_at: new Date(e.recordedAt),
  };
}

/** Registry services by (tenant, serviceType, hostname), rebuilt lazily after topology changes. */
class EndpointIndex {
  private index?: Map<string, string>;

  constructor(readonly state: TopologyState) {}

  changed(): void {
    this.index = undefined;
  }

  readonly lookup: EndpointLookup = (tenant, hostname, serviceType) => {
    this.index ??= this.build();
    return this.index.get(`${tenant}\u0000${serviceType}\u0000${hostname}`);
  };

  private build(): Map<string, string> {
    const index = new Map<string, string>();
    for (const [tenant, topology] of this.state) {
      for (const s of topology.services.values()) index.set(`${tenant}\u0000${s.serviceType}\u0000${s.hostname}`, s.site);
    }
    return index;
  }
}

const TOPOLOGY_TYPES = new Set<string>(TOPOLOGY_EVENT_TYPES);

export interface MetricResultsOptions {
  /** The topology the checkpoint stands on (see loadTopologySeed); results are flagged against it. */
  seed?: () => Promise<TopologyState>;
}

/**
 * Every accepted probe result as a `metric_results` row (idempotent: keyed by the result), flagged
 * with its endpoint group when the registry knows the endpoint at that point of the log.
 */
export function metricResultsProjectionWith(options: MetricResultsOptions = {}): Projection<MetricResultRow[]> {
  const seed = options.seed ?? (async () => new Map());
  return {
    name: 'metric-results',
    // v2: reads topology events too, to flag results of unknown endpoints.
    version: 2,
    types: ['ProbeResultRecorded', ...TOPOLOGY_EVENT_TYPES],
    project: (batches) =>
      defer(() => {
        let index: Promise<EndpointIndex> | undefined;
        return batches.pipe(
          concatMap(async (events) => {
            const endpoints = await (index ??= seed().then((state) => new EndpointIndex(state)));
            const rows: MetricResultRow[] = [];
            for (const e of events) {
              if (TOPOLOGY_TYPES.has(e.type)) {
                topologyRows(endpoints.state, [e]);
                endpoints.changed();
              } else rows.push(metricResultRow(e as RecordedEvent<ProbeResultRecorded>, endpoints.lookup));
            }
            return rows;
          }),
        );
      }),
  };
}

/** The same, without a seed: for consumers that read only probe results (every result unflagged). */
export const metricResultsProjection = metricResultsProjectionWith();
