import { describe, it, expect } from 'vitest';
import type { AllStreamResolvedEvent, EventData } from '@kurrent/kurrentdb-client';
import { catalog } from '@vigil/events';
import { fromResolved, toEventData } from './kurrentdb-codec';

const schemas = catalog();
const stream = { tenant: 'default', category: 'clock', id: 'c-1' };

/** What the client hands back for a stored event: metadata went through JSON, data stayed bytes. */
function stored(data: EventData, revision: number, commit: bigint): AllStreamResolvedEvent {
  const event = {
    streamId: 'clock-default~c-1',
    id: data.id,
    isJson: false as const,
    revision: BigInt(revision),
    type: data.type,
    created: new Date(),
    data: data.data as Uint8Array,
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position: { commit, prepare: commit },
  };
  return { event, commitPosition: commit } as AllStreamResolvedEvent;
}

describe('KurrentDB event codec', () => {
  const tick = { type: 'ClockTicked', data: { at: 42 }, eventId: '5d9a1b2c-3e4f-4a5b-8c6d-7e8f9a0b1c2d', occurredAt: 1000, correlationId: 'corr', causationId: null };

  it('stores Avro binary data and reads the event back with its whole envelope', () => {
    const data = toEventData(schemas, stream, tick, 2000);
    expect(data.contentType).toBe('application/octet-stream');
    expect(data.id).toBe(tick.eventId);
    expect(fromResolved(schemas, stored(data, 3, 9000n))).toEqual({
      eventId: tick.eventId,
      type: 'ClockTicked',
      schemaVersion: 1,
      fingerprint: schemas.get('ClockTicked').fingerprint,
      tenant: 'default',
      category: 'clock',
      streamId: 'c-1',
      occurredAt: 1000,
      recordedAt: 2000,
      correlationId: 'corr',
      causationId: null,
      data: { at: 42 },
      revision: 3,
      position: 9000,
    });
  });

  it("copies the correlation id to KurrentDB's own $correlationId", () => {
    expect(toEventData(schemas, stream, tick, 2000).metadata).toMatchObject({ correlationId: 'corr', $correlationId: 'corr' });
    expect(toEventData(schemas, stream, tick, 2000).metadata).not.toHaveProperty('$causationId');
  });

  it('gives each event without an id a fresh one, and defaults occurredAt to the append time', () => {
    const [a, b] = [0, 1].map(() => toEventData(schemas, stream, { type: 'ClockTicked', data: { at: 1 } }, 2000));
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.metadata).toMatchObject({ occurredAt: 2000, correlationId: null });
  });

  it('rejects data that breaks its schema before anything is sent', () => {
    expect(() => toEventData(schemas, stream, { type: 'ClockTicked', data: { at: 'noon' } }, 0)).toThrow(/ClockTicked/);
  });

  it('drops what a subscriber did not ask for: other types, other tenants, the checkpoint itself', () => {
    const event = stored(toEventData(schemas, stream, tick, 2000), 0, 500n);
    expect(fromResolved(schemas, event, { types: new Set(['StatusChanged']) })).toBeUndefined();
    expect(fromResolved(schemas, event, { tenant: 'other' })).toBeUndefined();
    expect(fromResolved(schemas, event, { after: 500 })).toBeUndefined();
    expect(fromResolved(schemas, event, { types: new Set(['ClockTicked']), tenant: 'default', after: 499 })?.position).toBe(500);
  });

  it('ignores events other applications wrote to the same database', () => {
    const foreign = stored(toEventData(schemas, stream, tick, 2000), 0, 1n);
    foreign.event!.metadata = { user: 'someone' };
    expect(fromResolved(schemas, foreign)).toBeUndefined();
    expect(fromResolved(schemas, { commitPosition: 1n })).toBeUndefined();
  });
});
