import { map } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';
import type { Projection } from '../projection';

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

export function metricResultRow(e: RecordedEvent<ProbeResultRecorded>): MetricResultRow {
  const d = e.data;
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
    // Joined to the topology by the status engine's projection; the raw row keeps only what the result says.
    endpoint_group: '',
    known_endpoint: 0,
    event_id: e.eventId,
    position: e.position,
    recorded_at: new Date(e.recordedAt),
  };
}

/** Every accepted probe result, as a `metric_results` row (idempotent: keyed by the result). */
export const metricResultsProjection: Projection<MetricResultRow[]> = {
  name: 'metric-results',
  version: 1,
  types: ['ProbeResultRecorded'],
  project: (batches) => batches.pipe(map((events) => events.map((e) => metricResultRow(e as RecordedEvent<ProbeResultRecorded>)))),
};
