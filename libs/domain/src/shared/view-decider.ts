import type { DomainEvent } from './decider';

/**
 * A decider whose rules also look beyond its own stream: `view` is a pure, in-memory read of the
 * tenant's current state (e.g. the topology) that the caller builds and passes in.
 */
export interface ViewDecider<Command, State, Event extends DomainEvent, View> {
  decide(command: Command, state: State, view: View, now: number): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
