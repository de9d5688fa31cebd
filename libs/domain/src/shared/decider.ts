/** An event as the domain sees it: a type name (the Avro record name) and its data. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

/** Emmett-style decider: commands decide events, events evolve state. Pure, no I/O. */
export interface Decider<Command, State, Event extends DomainEvent> {
  decide(command: Command, state: State, now: number): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds a stream's events into its state. */
export const fold = <S, E>(evolve: (s: S, e: E) => S, initial: S, events: readonly E[]): S =>
  events.reduce(evolve, initial);
