// Recomputation events: each type name is its Avro record name (schemas/recomputation/*.avsc) and each
// `data` holds exactly that record's fields. Times are epoch milliseconds.

export interface ExcludedMetricData {
  group: string | null;
  service: string | null;
  hostname: string | null;
  metric: string | null;
}

export interface ExcludedMonitoringSourceData {
  host: string;
  start: number;
  end: number;
}

export interface AppliedStatusChangeData {
  group: string | null;
  service: string | null;
  hostname: string | null;
  metric: string | null;
  status: string;
  start: number | null;
  end: number | null;
}

export interface RecomputationRequestedData {
  id: string;
  reason: string;
  requester: string;
  start: number;
  end: number;
  exclude: string[];
  excludeMetrics: ExcludedMetricData[];
  excludeMonitoringSource: ExcludedMonitoringSourceData[];
  appliedStatusChanges: AppliedStatusChangeData[];
  requestedAt: number;
}

export type RecomputationEvent =
  | { type: 'RecomputationRequested'; data: RecomputationRequestedData }
  | { type: 'RecomputationStarted'; data: { id: string; days: string[]; at: number } }
  | { type: 'RecomputationCompleted'; data: { id: string; days: string[]; at: number } }
  | { type: 'RecomputationFailed'; data: { id: string; error: string; at: number } }
  | { type: 'RecomputationWithdrawn'; data: { id: string; reason: string | null; at: number } };

export const RECOMPUTATION_EVENT_TYPES = ['RecomputationRequested', 'RecomputationStarted', 'RecomputationCompleted', 'RecomputationFailed', 'RecomputationWithdrawn'] as const;

/** One stream per recomputation. */
export const RECOMPUTATION_CATEGORY = 'recomputation';
