import * as avro from 'avsc';
import { catalog } from '@vigil/events';

/** ARGO probe results as producers send them (field names as ARGO's), deterministic for a given index. */
export interface MetricData {
  timestamp: string;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  monitoring_host: string | null;
  summary: string | null;
  message: string | null;
  tags: Record<string, string | null> | null;
  actual_data: string | null;
}

const STATUSES = ['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN', 'OK'];
const SERVICES = ['ARC-CE', 'org.opensciencegrid.htcondorce', 'SRM', 'webdav', 'org.openstack.nova', 'Site-BDII', 'eu.egi.cloud.vm-management.occi', 'XRootD'];
const T0 = Date.UTC(2026, 10, 1);

export function metricData(i: number): MetricData {
  const host = i % 8000;
  return {
    timestamp: new Date(T0 + i * 1000).toISOString().replace('.000Z', 'Z'),
    service: SERVICES[host % SERVICES.length],
    hostname: `host${host}.site${host % 350}.example.org`,
    metric: `org.example.Probe-${i % 30}`,
    status: STATUSES[i % STATUSES.length],
    monitoring_host: 'mon01.example.org',
    summary: 'probe summary text',
    message: null,
    tags: null,
    actual_data: i % 3 === 0 ? `time=${(i % 100) / 10}s;1;5;0;10` : null,
  };
}

/** The same record as a Vigil ProbeResultRecorded event's data. */
export function probeEventData(r: MetricData) {
  return {
    timestamp: Date.parse(r.timestamp),
    service: r.service,
    hostname: r.hostname,
    metric: r.metric,
    status: r.status,
    monitoringHost: r.monitoring_host,
    summary: r.summary,
    message: r.message,
    tags: r.tags,
    actualData: r.actual_data,
  };
}

let batch: avro.Type | undefined;
const batchType = (): avro.Type => (batch ??= avro.Type.forSchema({ type: 'array', items: catalog().get('MetricData').type.schema() as avro.Schema }));

/** Avro binary of a batch of ARGO records: the unit raw.publish / raw.consume move. */
export function encodeBatch(records: MetricData[]): Buffer {
  return batchType().toBuffer(records);
}

export function batchDecoder(): (b: Buffer) => MetricData[] {
  const t = batchType();
  return (b) => t.fromBuffer(b) as MetricData[];
}
