import type { AggregationProfile, MetricProfile } from '@vigil/domain';
import { DEMO_SERVICE_TYPES, metricsOf } from './demo-service-types';

/** The demo's ARGO metric profile: every demo service type's real probes, or `metricsPerType` metrics each. */
export function demoMetricProfile(metricsPerType?: number): MetricProfile & { name: string } {
  if (metricsPerType !== undefined && (!Number.isInteger(metricsPerType) || metricsPerType < 1)) throw new RangeError(`metricsPerType must be a positive integer, got ${metricsPerType}`);
  return { name: 'DEMO_MON_CRITICAL', services: DEMO_SERVICE_TYPES.map((t) => ({ service: t.name, metrics: metricsOf(t, metricsPerType) })) };
}

/**
 * ap1 extended with the storage and cloud types the demo runs: services of a type OR-ed, a site's
 * functions AND-ed (as EGI's ap1). Accounting and squid are probed but not aggregated, as in EGI.
 */
export function demoAggregationProfile(): AggregationProfile & { name: string; endpoint_group: string } {
  const functions = ['compute', 'storage', 'information', 'cloud'] as const;
  return {
    name: 'demo-ap1',
    endpoint_group: 'sites',
    metric_operation: 'AND',
    profile_operation: 'AND',
    groups: functions.map((name) => ({
      name,
      operation: 'OR',
      services: DEMO_SERVICE_TYPES.filter((t) => t.function === name).map((t) => ({ name: t.name, operation: 'OR' })),
    })),
  };
}
