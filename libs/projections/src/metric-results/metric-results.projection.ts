import { concatMap, defer } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';
import type { Projection } from '../projection';
import { TOPOLOGY_EVENT_TYPES, type TopologyState } from '../topology/topology-rows';
import { EndpointTimeline } from './endpoint-timeline';

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

/** Where a result's endpoint sits in the registry topology at the result's log position, if it is known there. */
export type EndpointLookup = (tenant: string, hostname: string, serviceType: string, position: number) => string | undefined;

export function metricResultRow(e: RecordedEvent<ProbeResultRecorded>, lookup: EndpointLookup = () => undefined): MetricResultRow {
  const d = e.data;
  const site = lookup(e.tenant, d.hostname, d.service, e.position);
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

const TOPOLOGY_TYPES = new Set<string>(TOPOLOGY_EVENT_TYPES);

export interface MetricResultsOptions {
  /**
   * The topology events read ahead of the durable (see readRegistryLog), folded: those the durable
   * delivers again are skipped. The projection folds the rest as they come.
   */
  registry?: EndpointTimeline;
  /** Or a topology known from the start of the log (loadTopologySeed): the flags then depend on when it was read. */
  seed?: () => Promise<TopologyState>;
}

/**
 * Every accepted probe result as a `metric_results` row (idempotent: keyed by the result), flagged
 * with its endpoint group when the registry knows the endpoint at the result's position in the log.
 */
export function metricResultsProjectionWith(options: MetricResultsOptions = {}): Projection<MetricResultRow[]> {
  const { registry, seed } = options;
  const start = async (): Promise<EndpointTimeline> => registry ?? (seed ? EndpointTimeline.fromState(await seed()) : new EndpointTimeline());
  return {
    name: 'metric-results',
    // v2: reads topology events too, to flag results of unknown endpoints.
    version: 2,
    types: ['ProbeResultRecorded', ...TOPOLOGY_EVENT_TYPES],
    project: (batches) =>
      defer(() => {
        let timeline: Promise<EndpointTimeline> | undefined;
        return batches.pipe(
          concatMap(async (events) => {
            const endpoints = await (timeline ??= start());
            const rows: MetricResultRow[] = [];
            for (const e of events) {
              if (TOPOLOGY_TYPES.has(e.type)) endpoints.apply([e]);
              else rows.push(metricResultRow(e as RecordedEvent<ProbeResultRecorded>, endpoints.siteAt));
            }
            return rows;
          }),
        );
      }),
  };
}

/** The same, without a seed: for consumers that read only probe results (every result unflagged). */
export const metricResultsProjection = metricResultsProjectionWith();
