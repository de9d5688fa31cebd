import type { NatsConnection } from '@nats-io/transport-node';
import { affectedDays, DAY, decideRecomputation, RuleViolation, toArgoRecomputation, type RecomputationCommand, type RecomputationRequestedData } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import type { ClickHouse } from '@vigil/read-models';
import { readDayBases, type HistorySource } from './day-history';
import { RECOMPUTED_POSITION_BASE, recomputeDay } from './recompute-day';
import { recomputeMonth } from './recompute-month';
import { loadRecomputation, recomputationsInForce, recomputationStream } from './recomputation-state';

export interface RecomputeDeps {
  nc: NatsConnection;
  store: EventStore;
  clickhouse: ClickHouse;
  source: HistorySource;
}

/**
 * Runs a requested recomputation: Started, every affected day recomputed from the log with every
 * recomputation in force and its rows written, then Completed (or Failed, figures unchanged).
 * `position` is the request's: the rows' version. A redelivered request resumes a running one.
 */
export async function runRecomputation(deps: RecomputeDeps, tenant: string, id: string, position: number): Promise<void> {
  let { state } = await loadRecomputation(deps.store, tenant, id);
  if (state.status === 'pending') state = await decide(deps, tenant, { type: 'StartRecomputation', id });
  if (state.status !== 'running') return;
  try {
    const days = await rewriteDays(deps, tenant, state.request, position);
    await decide(deps, tenant, { type: 'CompleteRecomputation', id, days });
  } catch (err) {
    await decide(deps, tenant, { type: 'FailRecomputation', id, error: err instanceof Error ? err.message : String(err) });
  }
}

/** A withdrawn recomputation's days computed again without it (with the others in force): the original figures. */
export async function restoreDays(deps: RecomputeDeps, tenant: string, id: string, position: number): Promise<string[]> {
  const { state } = await loadRecomputation(deps.store, tenant, id);
  if (state.status !== 'withdrawn') return [];
  return rewriteDays(deps, tenant, state.request, position, id);
}

async function rewriteDays(deps: RecomputeDeps, tenant: string, request: RecomputationRequestedData, position: number, without?: string): Promise<string[]> {
  const days = affectedDays(request.start, request.end);
  const from = Date.parse(`${days[0]}T00:00:00Z`);
  const inForce = await recomputationsInForce(deps.clickhouse, tenant, from, from + days.length * DAY - 1, without);
  if (!without && !inForce.some((r) => r.id === request.id)) inForce.push(request);
  const argo = inForce.map(toArgoRecomputation);
  const bases = await readDayBases(deps.nc, deps.source, tenant, days);
  for (const basis of bases) {
    const rows = recomputeDay(tenant, basis, argo, RECOMPUTED_POSITION_BASE + position);
    await Promise.all([
      rows.daily.length > 0 && deps.clickhouse.insert('ar_daily', rows.daily),
      rows.statistics.length > 0 && deps.clickhouse.insert('status_statistics_daily', rows.statistics),
      rows.flapping.length > 0 && deps.clickhouse.insert('flapping_daily', rows.flapping),
    ]);
  }
  await rewriteClosedMonths(deps, tenant, days, RECOMPUTED_POSITION_BASE + position);
  return days;
}

/**
 * ar_monthly of the affected months that are closed (every day final), from the rewritten days.
 * An open month is left to the live projection, whose month so far does not see recomputations:
 * for it the results API (which averages ar_daily) is the reference until the month closes.
 */
async function rewriteClosedMonths(deps: RecomputeDeps, tenant: string, days: readonly string[], position: number): Promise<void> {
  for (const day of new Set(days.map((d) => `${d.slice(0, 7)}-01`))) {
    const rows = await recomputeMonth(deps.clickhouse, tenant, day, position);
    if (rows.length > 0 && rows.every((r) => r.final === 1)) await deps.clickhouse.insert('ar_monthly', rows);
  }
}

/** Decides on the stream's current state and appends (retrying on a concurrent append). */
async function decide(deps: RecomputeDeps, tenant: string, command: RecomputationCommand & { id: string }) {
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await loadRecomputation(deps.store, tenant, command.id);
    const events = decideRecomputation(command, state, Date.now());
    try {
      await deps.store.append(recomputationStream(tenant, command.id), events, revision < 0 ? 'no-stream' : { revision });
      return (await loadRecomputation(deps.store, tenant, command.id)).state;
    } catch (err) {
      if (err instanceof RuleViolation || attempt >= 5) throw err;
    }
  }
}
