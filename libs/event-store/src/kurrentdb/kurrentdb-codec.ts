import { randomUUID } from 'node:crypto';
import { binaryEvent, type AllStreamResolvedEvent, type EventData, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { NewEvent, RecordedEvent, SchemaCatalog } from '@vigil/events';
import type { StreamRef } from '../event-store.port';
import { readMetadata, toMetadata } from './kurrentdb-metadata';
import { toPosition } from './kurrentdb-position';

/** A binary KurrentDB event: Avro data of the current schema (throws when the data breaks it), envelope as metadata. */
export function toEventData(schemas: SchemaCatalog, stream: StreamRef, event: NewEvent, recordedAt: number): EventData {
  const entry = schemas.get(event.type);
  return binaryEvent({
    // The caller's id makes a retried append idempotent: KurrentDB drops events it already holds.
    id: event.eventId ?? randomUUID(),
    type: event.type,
    data: schemas.encode(event.type, event.data),
    metadata: toMetadata({
      fingerprint: entry.fingerprint,
      schemaVersion: entry.version,
      tenant: stream.tenant,
      category: stream.category,
      streamId: stream.id,
      occurredAt: event.occurredAt ?? recordedAt,
      recordedAt,
      correlationId: event.correlationId ?? null,
      causationId: event.causationId ?? null,
    }),
  });
}

/** What a reader wants; the others are dropped before their data is decoded. */
export interface EventFilter {
  types?: ReadonlySet<string>;
  tenant?: string;
  /** Only positions strictly after this one. */
  after?: number;
}

/**
 * The Vigil event of a KurrentDB resolved event, its data decoded through the current reader schema.
 * Undefined for events Vigil did not write (JSON, no envelope) and for those the filter drops.
 */
export function fromResolved(schemas: SchemaCatalog, resolved: ResolvedEvent | AllStreamResolvedEvent, filter: EventFilter = {}): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.isJson || (filter.types && !filter.types.has(event.type))) return undefined;
  const envelope = readMetadata(event.metadata);
  if (!envelope || (filter.tenant !== undefined && envelope.tenant !== filter.tenant)) return undefined;
  const position = toPosition(event.position?.commit ?? resolved.commitPosition);
  if (position === undefined) throw new Error(`KurrentDB sent event ${event.id} without its log position (server older than 22.6?)`);
  if (filter.after !== undefined && position <= filter.after) return undefined;
  return {
    eventId: event.id,
    type: event.type,
    ...envelope,
    data: schemas.decode(envelope.fingerprint, event.data as Uint8Array),
    revision: Number(event.revision),
    position,
  };
}
