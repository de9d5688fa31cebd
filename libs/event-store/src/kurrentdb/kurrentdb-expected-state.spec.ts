import { describe, it, expect } from 'vitest';
import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import { toActualState, toStreamState } from './kurrentdb-expected-state';

describe('KurrentDB stream states', () => {
  it('maps every expected state of the port to the append stream state', () => {
    expect(toStreamState('no-stream')).toBe(NO_STREAM);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('exists')).toBe(STREAM_EXISTS);
    expect(toStreamState({ revision: 41 })).toBe(41n);
  });

  it('reports the actual state of a conflict as the port does', () => {
    expect(toActualState(NO_STREAM)).toBe('no-stream');
    expect(toActualState(7n)).toEqual({ revision: 7 });
    expect(toActualState(-5n)).toBe('no-stream'); // a deleted stream
  });
});
