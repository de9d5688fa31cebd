import { expect } from 'vitest';
import { catalog } from '@vigil/events';
import type { DomainEvent } from './decider';
import { fold } from './decider';
import { NotFound, RuleViolation } from './rule-violation';
import type { ViewDecider } from './view-decider';

// Test-only helper (imports vitest): import it by path from specs, never from the shared index.

export interface SpecContext<View> {
  view: View;
  now: number;
}

/**
 * Given/when/then for a decider: `given(pastEvents, { view, now }).when(command).then(newEvents)`.
 * `context` supplies the defaults; each `given` may override the view or the clock.
 */
export function deciderSpec<C, S, E extends DomainEvent, V>(decider: ViewDecider<C, S, E, V>, context: () => SpecContext<V>) {
  return (events: readonly E[] = [], overrides: Partial<SpecContext<V>> = {}) => ({
    when(command: C) {
      const { view, now } = { ...context(), ...overrides };
      const run = () => decider.decide(command, fold(decider.evolve, decider.initialState(), events), view, now);
      return {
        then: (expected: E[]) => {
          const events = run();
          expect(events).toEqual(expected);
          expectSchemaRoundTrip(events);
        },
        /** The command is rejected with this RuleViolation code (and field, when given). */
        thenRejects(code: string, field?: string) {
          const error = catchError(run);
          expect(error, `expected RuleViolation ${code}`).toBeInstanceOf(RuleViolation);
          expect((error as RuleViolation).code).toBe(code);
          if (field !== undefined) expect((error as RuleViolation).field).toBe(field);
        },
        /** The command addresses an entity that does not exist. */
        thenNotFound(entity: string) {
          const error = catchError(run);
          expect(error, `expected NotFound ${entity}`).toBeInstanceOf(NotFound);
          expect((error as NotFound).entity).toBe(entity);
        },
      };
    },
  });
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Every event a decider emits must survive its Avro schema unchanged (schemas/ is the source of truth). */
export function expectSchemaRoundTrip(events: readonly DomainEvent[]): void {
  const schemas = catalog();
  for (const e of events) {
    const entry = schemas.get(e.type);
    const decoded = schemas.decode(entry.fingerprint, schemas.encode(e.type, e.data));
    // Plain JSON on the decoded side: avsc returns class instances; an undefined field on ours still fails.
    expect(e.data, `${e.type} through its Avro schema`).toStrictEqual(JSON.parse(JSON.stringify(decoded)));
  }
}
