import type { EventEnvelope } from '@vigil/events';

/** The envelope fields KurrentDB does not keep itself (it keeps id, type and stream). */
export type StoredEnvelope = Omit<EventEnvelope, 'eventId' | 'type'>;

/** JSON event metadata: the envelope, plus `$correlationId`/`$causationId` for KurrentDB's own projections. */
export type EventMetadata = StoredEnvelope & { $correlationId?: string; $causationId?: string };

export function toMetadata(envelope: StoredEnvelope): EventMetadata {
  const { correlationId, causationId } = envelope;
  return {
    ...envelope,
    ...(correlationId !== null && { $correlationId: correlationId }),
    ...(causationId !== null && { $causationId: causationId }),
  };
}

const STRINGS = ['fingerprint', 'tenant', 'category', 'streamId'] as const;
const NUMBERS = ['schemaVersion', 'occurredAt', 'recordedAt'] as const;

/** The envelope stored with an event, or undefined when the event was not written by Vigil. */
export function readMetadata(raw: unknown): StoredEnvelope | undefined {
  if (typeof raw !== 'object' || raw === null || raw instanceof Uint8Array) return undefined;
  const m = raw as Record<string, unknown>;
  if (!STRINGS.every((k) => typeof m[k] === 'string') || !NUMBERS.every((k) => typeof m[k] === 'number')) return undefined;
  const optional = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    fingerprint: m.fingerprint as string,
    schemaVersion: m.schemaVersion as number,
    tenant: m.tenant as string,
    category: m.category as string,
    streamId: m.streamId as string,
    occurredAt: m.occurredAt as number,
    recordedAt: m.recordedAt as number,
    correlationId: optional(m.correlationId),
    causationId: optional(m.causationId),
  };
}
