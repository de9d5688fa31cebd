import { map } from 'rxjs';
import type { NatsConnection } from '@nats-io/transport-node';
import { RECOMPUTATION_CATEGORY, RECOMPUTATION_EVENT_TYPES } from '@vigil/domain';
import { SCHEMA_HEADER } from '@vigil/event-store';
import type { RecordedEvent } from '@vigil/events';
import { hostProjector, type HostedProjector, type Projection, type Sink } from '@vigil/projections';
import { loadRecomputation, recomputationRow } from './recomputation-state';
import { restoreDays, runRecomputation, type RecomputeDeps } from './recompute-runner';

interface Job {
  tenant: string;
  id: string;
  kind: 'run' | 'restore';
  position: number;
}

interface WorkerWrite {
  touched: { tenant: string; id: string }[];
  jobs: Job[];
}

export const RECOMPUTE_WORKER_VERSION = 1;

/** Recomputation events → the `recomputations` rows and jobs: a request runs, a withdrawal restores. */
export function recomputeWorkerProjection(): Projection<WorkerWrite> {
  const project = (events: readonly RecordedEvent[]): WorkerWrite => {
    const touched = new Map<string, { tenant: string; id: string }>();
    const jobs: Job[] = [];
    for (const e of events) {
      const id = (e.data as { id: string }).id;
      touched.set(`${e.tenant}\u0000${id}`, { tenant: e.tenant, id });
      if (e.type === 'RecomputationRequested') jobs.push({ tenant: e.tenant, id, kind: 'run', position: e.position });
      if (e.type === 'RecomputationWithdrawn') jobs.push({ tenant: e.tenant, id, kind: 'restore', position: e.position });
    }
    return { touched: [...touched.values()], jobs };
  };
  return { name: 'recompute', version: RECOMPUTE_WORKER_VERSION, types: RECOMPUTATION_EVENT_TYPES, project: (batches) => batches.pipe(map(project)) };
}

/** Status rows first (so jobs see withdrawals), then the jobs one at a time (a recomputation reads much of the log). */
export function recomputeWorkerSink(deps: RecomputeDeps): Sink<WorkerWrite> {
  const writeRow = async (tenant: string, id: string) => {
    const { state, position } = await loadRecomputation(deps.store, tenant, id);
    if (state.status !== 'none') await deps.clickhouse.insert('recomputations', [recomputationRow(tenant, state, position, Date.now())]);
  };
  return {
    write: async (w) => {
      for (const t of w.touched) await writeRow(t.tenant, t.id);
      for (const job of w.jobs) {
        if (job.kind === 'run') await runRecomputation(deps, job.tenant, job.id, job.position);
        else await restoreDays(deps, job.tenant, job.id, job.position);
        await writeRow(job.tenant, job.id);
      }
    },
  };
}

/** The worker on its own durable consumer over every tenant's recomputation streams. */
export function hostRecomputeWorker(deps: RecomputeDeps, onError: (err: unknown) => void, maxWaitMs?: number): HostedProjector {
  const source = { stream: deps.source.stream, filterSubject: `${deps.source.prefix}.*.${RECOMPUTATION_CATEGORY}.*`, schemaHeader: SCHEMA_HEADER, database: deps.clickhouse.database, maxWaitMs };
  return hostProjector(deps.nc as NatsConnection, deps.source.schemas, source, recomputeWorkerProjection(), recomputeWorkerSink(deps), onError);
}
