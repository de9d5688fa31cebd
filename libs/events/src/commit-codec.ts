import { randomUUID } from 'node:crypto';
import type { SchemaCatalog } from './schema-catalog';
import { MAX_EVENTS_PER_COMMIT, positionOf, type NewEvent, type RecordedEvent } from './envelope';

export interface CommitHeader {
  commitId: string;
  tenant: string;
  category: string;
  streamId: string;
  firstRevision: number;
  recordedAt: number;
}

interface CommitRecord extends CommitHeader {
  schemas: string[];
  events: { eventId: string; type: string; schema: number; occurredAt: number; correlationId: string | null; causationId: string | null; data: Buffer }[];
}

/** An event whose data is already Avro binary: encoded once, whatever the commit it ends up in. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  fingerprint: string;
  occurredAt: number | undefined;
  correlationId: string | null;
  causationId: string | null;
  data: Buffer;
}

/** Checks each event's data against its schema and encodes it; ids are fixed here so retries reuse them. */
export function prepareEvents(catalog: SchemaCatalog, events: readonly NewEvent[]): PreparedEvent[] {
  return events.map((e) => ({
    eventId: e.eventId ?? randomUUID(),
    type: e.type,
    fingerprint: catalog.get(e.type).fingerprint,
    occurredAt: e.occurredAt,
    correlationId: e.correlationId ?? null,
    causationId: e.causationId ?? null,
    data: catalog.encode(e.type, e.data),
  }));
}

/** Bytes a commit of these events takes besides their data (ids, types, times), for size checks. */
export const preparedSize = (events: readonly PreparedEvent[]): number =>
  events.reduce((n, e) => n + e.data.length + e.eventId.length + e.type.length + 64, 256);

/** Avro-encodes one commit of prepared events. */
export function encodeCommit(catalog: SchemaCatalog, header: CommitHeader, events: readonly PreparedEvent[]): Buffer {
  if (events.length === 0 || events.length > MAX_EVENTS_PER_COMMIT) {
    throw new RangeError(`a commit holds 1 to ${MAX_EVENTS_PER_COMMIT} events, not ${events.length}`);
  }
  const schemas: string[] = [];
  const index = new Map<string, number>();
  const schemaOf = (fingerprint: string): number => {
    let i = index.get(fingerprint);
    if (i === undefined) {
      i = schemas.push(fingerprint) - 1;
      index.set(fingerprint, i);
    }
    return i;
  };
  const record: CommitRecord = {
    ...header,
    schemas,
    events: events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      schema: schemaOf(e.fingerprint),
      occurredAt: e.occurredAt ?? header.recordedAt,
      correlationId: e.correlationId,
      causationId: e.causationId,
      data: e.data,
    })),
  };
  return catalog.get('Commit').type.toBuffer(record);
}

export function commitFingerprint(catalog: SchemaCatalog): string {
  return catalog.get('Commit').fingerprint;
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * Unpacks a commit read at JetStream sequence `sequence` into recorded events. With `types`, only
 * those events are returned (and only their data decoded): projectors skip what they do not fold.
 */
export function decodeCommit(catalog: SchemaCatalog, bytes: Uint8Array, sequence: number, fingerprint: string, types?: ReadonlySet<string>): RecordedEvent[] {
  const commit = catalog.decode<CommitRecord>(fingerprint, asBuffer(bytes));
  const out: RecordedEvent[] = [];
  commit.events.forEach((e, i) => {
    if (types && !types.has(e.type)) return;
    const fp = commit.schemas[e.schema];
    const writer = catalog.get(e.type);
    out.push({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: writer.version,
      fingerprint: fp,
      tenant: commit.tenant,
      category: commit.category,
      streamId: commit.streamId,
      occurredAt: e.occurredAt,
      recordedAt: commit.recordedAt,
      correlationId: e.correlationId,
      causationId: e.causationId,
      data: catalog.decode(fp, e.data),
      revision: commit.firstRevision + i,
      position: positionOf(sequence, i),
    });
  });
  return out;
}

/** Reads only the header and event ids, e.g. to answer an idempotent retry. */
export function peekCommit(catalog: SchemaCatalog, bytes: Uint8Array, fingerprint: string): CommitHeader & { eventIds: string[] } {
  const c = catalog.decode<CommitRecord>(fingerprint, asBuffer(bytes));
  return { commitId: c.commitId, tenant: c.tenant, category: c.category, streamId: c.streamId, firstRevision: c.firstRevision, recordedAt: c.recordedAt, eventIds: c.events.map((e) => e.eventId) };
}
