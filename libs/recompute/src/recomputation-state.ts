import { fold, RECOMPUTATION_CATEGORY, recomputationDecider, type RecomputationState, type RecomputationEvent, type RecomputationRequestedData } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import { sql, type ClickHouse } from '@vigil/read-models';

export const recomputationStream = (tenant: string, id: string) => ({ tenant, category: RECOMPUTATION_CATEGORY, id });

/** A recomputation's state from its stream, with the revision and position of its last event. */
export async function loadRecomputation(store: EventStore, tenant: string, id: string): Promise<{ state: RecomputationState; revision: number; position: number }> {
  const history = await store.readStream(recomputationStream(tenant, id));
  const state = fold(recomputationDecider.evolve, recomputationDecider.initialState(), history.map((e) => ({ type: e.type, data: e.data }) as RecomputationEvent));
  const last = history[history.length - 1];
  return { state, revision: last ? last.revision : -1, position: last ? last.position : 0 };
}

/** The `recomputations` row of a state (its latest version: the stream's last position). */
export function recomputationRow(tenant: string, state: Exclude<RecomputationState, { status: 'none' }>, position: number, updatedAt: number) {
  const r = state.request;
  return {
    tenant,
    id: r.id,
    status: state.status,
    reason: r.reason,
    requester: r.requester,
    start_time: new Date(r.start),
    end_time: new Date(r.end),
    request: JSON.stringify(r),
    days: JSON.stringify(state.days),
    error: state.error ?? '',
    requested_at: new Date(r.requestedAt),
    updated_at: new Date(updatedAt),
    position,
  };
}

/** Recomputations of a tenant that apply (not withdrawn or failed), but `except`, touching [from, to] (ms). */
export async function recomputationsInForce(clickhouse: ClickHouse, tenant: string, from: number, to: number, except?: string): Promise<RecomputationRequestedData[]> {
  const rows = await clickhouse.query<{ request: string }>(sql`
    SELECT request FROM recomputations FINAL
    WHERE tenant = ${tenant} AND status NOT IN ('withdrawn', 'failed') AND id != ${except ?? ''}
      AND start_time <= toDateTime(${Math.floor(to / 1000)}) AND end_time >= toDateTime(${Math.floor(from / 1000)})
    ORDER BY requested_at, id`);
  return rows.map((r) => JSON.parse(r.request) as RecomputationRequestedData);
}
