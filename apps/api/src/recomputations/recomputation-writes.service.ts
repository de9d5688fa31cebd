import { Inject, Injectable } from '@nestjs/common';
import { decideRecomputation, evolveRecomputation, type RecomputationCommand, type RecomputationState } from '@vigil/domain';
import { ConcurrencyError, type EventStore } from '@vigil/event-store';
import { EVENT_STORE } from '@vigil/platform';
import { loadRecomputation, recomputationStream } from '@vigil/recompute';

/** One stream per recomputation: load, decide, append at that revision (retrying a concurrent worker append). */
@Injectable()
export class RecomputationWrites {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async state(tenant: string, id: string): Promise<RecomputationState> {
    return (await loadRecomputation(this.store, tenant, id)).state;
  }

  async run(tenant: string, id: string, command: RecomputationCommand): Promise<Exclude<RecomputationState, { status: 'none' }>> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await loadRecomputation(this.store, tenant, id);
      const events = decideRecomputation(command, state, Date.now());
      try {
        await this.store.append(recomputationStream(tenant, id), events, revision < 0 ? 'no-stream' : { revision });
        return events.reduce(evolveRecomputation, state) as Exclude<RecomputationState, { status: 'none' }>;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= 5) throw err;
      }
    }
  }
}
