import { demoAggregationProfile, demoMetricProfile, generateHistory, generateTopology } from '@vigil/demo';
import type { EventStore } from '@vigil/event-store';
import { loadTenantState, planImport, streamOf } from '@vigil/gocdb';
import { ProbeResultAppender, toProbeResult, type MetricData } from '@vigil/ingest';

export interface ReplayLogOptions {
  tenant: string;
  /** Hours of monitoring history ending at `end`. */
  hours: number;
  endpoints?: number;
  /** Default 03:00 UTC: the history spans a midnight, so a day closes. */
  end?: number;
  seed?: number;
}

const MINUTE = 60_000;
/** Results appended per window, as ingest batches arrive; a clock tick per minute follows each window. */
const WINDOW = 10 * MINUTE;

/**
 * A deterministic log for replay tests, through the real write paths: the registry (NGIs, sites, services,
 * declared downtimes) as the GOCDB importer plans it, the demo's ARGO profiles, an alert rule and an error
 * budget on CRITICAL endpoints, the demo history's probe results in the ingest appender's sharded commits,
 * and a ClockTicked per minute. No StatusChanged: host the status projector on it (settledStatusProjector)
 * for those, then append more ticks (appendTicks) so the days they change are closed after them.
 * Returns the number of events appended and the end of the history.
 */
export async function appendReplayLog(store: EventStore, o: ReplayLogOptions): Promise<{ events: number; end: number }> {
  const end = o.end ?? Date.UTC(2026, 10, 1, 3);
  const start = end - o.hours * 3_600_000;
  const topology = generateTopology({ seed: o.seed ?? 7, ngis: 3, sites: 12, endpoints: o.endpoints ?? 120 });
  const history = generateHistory(topology, { seed: o.seed ?? 7, start, end });
  const plan = planImport({ ...topology, serviceGroups: [], downtimes: history.downtimes }, await loadTenantState(store, { list: async () => [] }, o.tenant, []), start);
  for (const kind of ['ngi', 'site', 'service', 'serviceGroup', 'downtime'] as const) {
    await Promise.all(plan.appends.filter((a) => a.kind === kind).map((a) => store.append(streamOf(o.tenant, a.kind, a.key), a.events, 'no-stream')));
  }
  let events = plan.appends.reduce((n, a) => n + a.events.length, 0);
  for (const [id, type, profile] of [['metric-profile', 'MetricProfileSet', demoMetricProfile()], ['aggregation', 'AggregationProfileSet', demoAggregationProfile()]] as const) {
    await store.append({ tenant: o.tenant, category: 'profile', id }, [{ type, data: { name: profile.name, profile: JSON.stringify(profile), source: 'test' }, occurredAt: start }], 'any');
    events += 1;
  }
  events += await appendAlerting(store, o.tenant, start);
  const appender = new ProbeResultAppender(store);
  let window: MetricData[] = [];
  let windowEnd = start + WINDOW;
  const flush = async () => {
    await appender.append(o.tenant, window.map((r) => toProbeResult(r, Date.parse(r.timestamp))));
    await appendTicks(store, windowEnd - WINDOW + MINUTE, windowEnd);
    events += window.length + WINDOW / MINUTE;
    window = [];
    windowEnd += WINDOW;
  };
  for (const r of history.results()) {
    while (Date.parse(r.timestamp) >= windowEnd) await flush();
    window.push(r);
  }
  while (windowEnd <= end) await flush();
  return { events, end };
}

/** A ClockTicked per minute from `from` through `through` (ms, whole minutes), as the clock ticker appends them. */
export async function appendTicks(store: EventStore, from: number, through: number): Promise<number> {
  for (let at = from; at <= through; at += MINUTE) await store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at }, occurredAt: at }], 'any');
  return Math.max(0, Math.floor((through - from) / MINUTE) + 1);
}

/** An alert rule on CRITICAL endpoints and an error budget over its items, as the API appends them. */
async function appendAlerting(store: EventStore, tenant: string, at: number): Promise<number> {
  const match = { level: 'endpoint', supergroup: null, endpointGroup: null, service: null, hostname: null, metric: null };
  const rule = { id: 'critical-endpoints', name: 'critical endpoints', match, statuses: ['CRITICAL'], maxCheckAttempts: 1, notificationInterval: 3_600_000, flapLowThreshold: 0.2, flapHighThreshold: 0.5, sendResolved: true, labels: {} };
  await store.append({ tenant, category: 'alert-rule', id: rule.id }, [{ type: 'AlertRuleCreated', data: rule, occurredAt: at }], 'no-stream');
  const budget = {
    id: 'endpoints-99', name: 'endpoints 99%', ruleId: rule.id, match: null, objective: 'availability', target: 0.99, window: 7 * 86_400_000,
    burnRateWindows: [{ severity: 'page', longWindow: 3_600_000, shortWindow: 300_000, factor: 14.4 }], labels: {},
  };
  await store.append({ tenant, category: 'error-budget', id: budget.id }, [{ type: 'ErrorBudgetCreated', data: budget, occurredAt: at }], 'no-stream');
  return 2;
}
