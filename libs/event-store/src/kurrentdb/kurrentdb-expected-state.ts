import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState, type CurrentStreamState } from '@kurrent/kurrentdb-client';
import type { ActualState, ExpectedState } from '../event-store.port';

export function toStreamState(expected: ExpectedState): AppendStreamState {
  switch (expected) {
    case 'no-stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected.revision);
  }
}

/** Deleted and tombstoned streams report negative revisions: to a writer they are not there. */
export function toActualState(current: CurrentStreamState): ActualState {
  return current === NO_STREAM || current < 0n ? 'no-stream' : { revision: Number(current) };
}
