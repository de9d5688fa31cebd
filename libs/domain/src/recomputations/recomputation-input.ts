import type { ExcludedMetric, Recomputation as ArgoRecomputationInput, StatusChange } from '../argo/model';
import type { RecomputationRequestedData } from './recomputation.events';

/** ARGO's timestamp form (seconds, UTC, `Z`), which the day algorithm reads. */
export const argoTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

/** A requested recomputation as ARGO's algorithm takes it (computeArgoDay's `recomputations`). */
export function toArgoRecomputation(r: RecomputationRequestedData): ArgoRecomputationInput {
  return {
    start_time: argoTime(r.start),
    end_time: argoTime(r.end),
    exclude: [...r.exclude],
    exclude_metrics: r.excludeMetrics.map((m) => defined({ group: m.group, service: m.service, hostname: m.hostname, metric: m.metric }) as ExcludedMetric),
    exclude_monitoring_source: r.excludeMonitoringSource.map((m) => ({ host: m.host, start_time: argoTime(m.start), end_time: argoTime(m.end) })),
    applied_status_changes: r.appliedStatusChanges.map(
      (c) =>
        defined({
          group: c.group,
          service: c.service,
          hostname: c.hostname,
          metric: c.metric,
          status: c.status,
          start_time: c.start === null ? null : argoTime(c.start),
          end_time: c.end === null ? null : argoTime(c.end),
        }) as StatusChange,
    ),
  };
}
