import { Inject, Injectable } from '@nestjs/common';
import { fold, type DomainEvent, type ViewDecider } from '@vigil/domain';
import { ConcurrencyError, type EventStore } from '@vigil/event-store';
import { EVENT_STORE } from '@vigil/platform';

/**
 * Rules and subscriptions: one stream per tenant each. Load, fold, decide, append at the revision
 * decided on; a concurrent writer makes us decide again (a few times) rather than answer 409.
 */
@Injectable()
export class AlertWrites {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async state<S, E extends DomainEvent>(decider: ViewDecider<unknown, S, E, unknown>, tenant: string, stream: { category: string; id: string }): Promise<S> {
    const history = await this.store.readStream({ tenant, ...stream });
    return fold(decider.evolve, decider.initialState(), history.map((e) => ({ type: e.type, data: e.data }) as E));
  }

  async run<C, S, E extends DomainEvent>(decider: ViewDecider<C, S, E, unknown>, tenant: string, stream: { category: string; id: string }, command: C): Promise<S> {
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream({ tenant, ...stream });
      const revision = history.length > 0 ? history[history.length - 1].revision : -1;
      const state = fold(decider.evolve, decider.initialState(), history.map((e) => ({ type: e.type, data: e.data }) as E));
      const events = decider.decide(command, state, undefined, Date.now());
      if (events.length === 0) return state;
      try {
        await this.store.append({ tenant, ...stream }, events.map((e) => ({ type: e.type, data: e.data })), revision < 0 ? 'no-stream' : { revision });
        return fold(decider.evolve, state, events);
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= 5) throw err;
      }
    }
  }
}
