/** ARGO inputs as the algorithm needs them (adapters map files to these shapes). */
export interface MetricResult {
  timestamp: string;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  monitoringHost?: string | null;
  actualData?: string | null;
}

export interface ArgoEndpoint {
  group: string;
  type: string;
  service: string;
  hostname: string;
  tags?: Record<string, string> | null;
}

export interface ArgoGroup {
  group: string;
  type: string;
  subgroup: string;
  tags?: Record<string, string> | null;
}

export interface AggregationProfile {
  metric_operation: string;
  profile_operation: string;
  groups: { name: string; operation: string; services: { name: string; operation: string }[] }[];
}

export interface MetricProfile {
  services: { service: string; metrics: string[] }[];
}

export interface ArgoDowntime {
  hostname: string;
  service: string;
  start_time: string;
  end_time: string;
}

export interface ExcludedMetric {
  group?: string;
  service?: string;
  hostname?: string;
  metric?: string;
}

export interface StatusChange {
  group?: string;
  service?: string;
  hostname?: string;
  metric?: string;
  status: string;
  start_time?: string;
  end_time?: string;
}

export interface Recomputation {
  start_time: string;
  end_time: string;
  exclude?: string[];
  exclude_metrics?: ExcludedMetric[];
  exclude_monitoring_source?: { host: string; start_time: string; end_time: string }[];
  applied_status_changes?: StatusChange[];
}

export interface FilterTag {
  name: string;
  value: string;
  context: string;
}

export const ENDPOINT_FILTER_CONTEXT = 'argo.endpoint.filter.tags';
export const GROUP_FILTER_CONTEXT = 'argo.group.filter.tags.array';
