import { describe, expect, it } from 'vitest';
import { positionOf, type RecordedEvent } from '@vigil/events';
import { AppendCollector, decidedEvent, foldBatch } from './decisions';

const recorded = (sequence: number, index = 0): RecordedEvent => ({
  eventId: `e${sequence}.${index}`, type: 'X', schemaVersion: 1, fingerprint: '', tenant: 'a', category: 'x', streamId: 'x', occurredAt: 0, recordedAt: 0,
  correlationId: null, causationId: null, data: {}, revision: 0, position: positionOf(sequence, index),
});

describe('foldBatch', () => {
  it('applies every event of a message past the folded sequence and skips a redelivered message', () => {
    const state = { sequence: 0 };
    const seen: string[] = [];
    foldBatch(state, [recorded(1), recorded(2, 0), recorded(2, 1)], (e) => seen.push(e.eventId));
    foldBatch(state, [recorded(2, 0), recorded(2, 1), recorded(3)], (e) => seen.push(e.eventId));
    expect(seen).toEqual(['e1.0', 'e2.0', 'e2.1', 'e3.0']);
    expect(state.sequence).toBe(3);
  });
});

describe('AppendCollector', () => {
  it('groups decided events per stream, streams in the order first decided, events in decision order', () => {
    const appends = new AppendCollector<{ tenant: string; id: string }>();
    const trigger = recorded(7);
    appends.add('a/s2', { tenant: 'a', id: 's2' }, decidedEvent(trigger, { type: 'T', data: 1 }, 'i1', 10));
    appends.add('a/s1', { tenant: 'a', id: 's1' }, decidedEvent(trigger, { type: 'T', data: 2 }, 'i2', 11));
    appends.add('a/s2', { tenant: 'a', id: 'ignored' }, decidedEvent(trigger, { type: 'U', data: 3 }, 'i3', 12));
    expect(appends.list()).toEqual([
      { tenant: 'a', id: 's2', events: [{ type: 'T', data: 1, eventId: 'i1', occurredAt: 10, causationId: 'e7.0' }, { type: 'U', data: 3, eventId: 'i3', occurredAt: 12, causationId: 'e7.0' }] },
      { tenant: 'a', id: 's1', events: [{ type: 'T', data: 2, eventId: 'i2', occurredAt: 11, causationId: 'e7.0' }] },
    ]);
  });
});
