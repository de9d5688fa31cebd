/** ARGO's metric-data record as producers send it (schemas/ingest/metric-data.avsc; field names as ARGO's). */
export interface MetricData {
  timestamp: string;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  monitoring_host?: string | null;
  summary?: string | null;
  message?: string | null;
  tags?: Record<string, string | null> | null;
  actual_data?: string | null;
}

/** The status values of the EGI operations profile. */
export const EGI_STATUSES: readonly string[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN', 'MISSING', 'DOWNTIME'];

/** What a record must satisfy besides its shape. */
export interface IngestRules {
  /** Status values of the tenant's operations profile. */
  statuses: readonly string[];
  /** How far ahead of now a timestamp may lie (clock skew between probes and Vigil). */
  maxFutureMs: number;
}

export const DEFAULT_RULES: IngestRules = { statuses: EGI_STATUSES, maxFutureMs: 60 * 60 * 1000 };

/** Length caps keep any single event far below the 1 MB NATS payload, so one record cannot sink a batch. */
export const LIMITS = { name: 255, text: 65_536, tags: 64, tagValue: 1024 } as const;
