import { randomUUID } from 'node:crypto';
import type * as avro from 'avsc';
import { explainInvalid, SchemaError, type SchemaCatalog } from './schema-catalog';
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

/**
 * Checks each event's data against its schema and encodes it; ids are fixed here so retries reuse them.
 * All data goes into one buffer (views per event): a commit of thousands of events makes no garbage per event.
 */
export function prepareEvents(catalog: SchemaCatalog, events: readonly NewEvent[]): PreparedEvent[] {
  const out: PreparedEvent[] = new Array(events.length);
  let buf = Buffer.allocUnsafe(Math.max(4096, events.length * 256));
  let pos = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const entry = catalog.get(e.type);
    let end = encodeInto(catalog, entry.type, e, buf, pos);
    if (end < 0) {
      // Too small: continue in a bigger buffer; earlier views keep the old one alive.
      buf = Buffer.allocUnsafe(Math.max(buf.length * 2, (pos - end) * 2));
      pos = 0;
      end = encodeInto(catalog, entry.type, e, buf, 0);
    }
    out[i] = {
      eventId: e.eventId ?? randomUUID(),
      type: e.type,
      fingerprint: entry.fingerprint,
      occurredAt: e.occurredAt,
      correlationId: e.correlationId ?? null,
      causationId: e.causationId ?? null,
      data: buf.subarray(pos, end),
    };
    pos = end;
  }
  return out;
}

function encodeInto(catalog: SchemaCatalog, type: avro.Type, e: NewEvent, buf: Buffer, pos: number): number {
  try {
    return type.encode(e.data, buf, pos);
  } catch {
    throw new SchemaError(`${e.type} does not match its schema: ${explainInvalid(type, e.data)}`);
  }
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
  const type = catalog.get('Commit').type;
  const buf = Buffer.allocUnsafe(preparedSize(events) + header.commitId.length + header.streamId.length + 256);
  const end = type.encode(record, buf, 0);
  return end >= 0 ? buf.subarray(0, end) : type.toBuffer(record);
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
