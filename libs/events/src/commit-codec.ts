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
  // Commits in the current format are read in place (no commit object, no buffer per event); older ones through Avro resolution.
  if (fingerprint === commitFingerprint(catalog)) return readCommit(catalog, asBuffer(bytes), sequence, types);
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

/** Reads Avro binary of the current Commit schema field by field (see schemas/store/commit.avsc). */
function readCommit(catalog: SchemaCatalog, buf: Buffer, sequence: number, types?: ReadonlySet<string>): RecordedEvent[] {
  const r = new Reader(buf);
  r.string(); // commitId
  const tenant = r.string();
  const category = r.string();
  const streamId = r.string();
  const firstRevision = r.long();
  const recordedAt = r.long();
  const schemas: string[] = [];
  r.array(() => schemas.push(r.string()));
  const out: RecordedEvent[] = [];
  let i = 0;
  r.array(() => {
    const index = i++;
    const eventIdStart = r.skipString();
    const eventIdEnd = r.pos;
    const type = r.string();
    const wanted = !types || types.has(type);
    const schema = r.long();
    const occurredAt = r.long();
    const correlationId = r.optionalString();
    const causationId = r.optionalString();
    const length = r.long();
    const start = r.pos;
    r.pos += length;
    if (!wanted) return;
    const fp = schemas[schema];
    const entry = catalog.get(type);
    // Data in the current schema decodes straight from the commit's buffer.
    const data = entry.fingerprint === fp ? entry.type.decode(buf, start).value : catalog.decode(fp, buf.subarray(start, start + length));
    out.push({
      eventId: buf.toString('utf8', eventIdStart, eventIdEnd),
      type,
      schemaVersion: entry.version,
      fingerprint: fp,
      tenant,
      category,
      streamId,
      occurredAt,
      recordedAt,
      correlationId,
      causationId,
      data,
      revision: firstRevision + index,
      position: positionOf(sequence, index),
    });
  });
  if (r.pos !== buf.length) throw new SchemaError(`commit at sequence ${sequence}: ${buf.length - r.pos} trailing bytes`);
  return out;
}

/** Avro binary primitives (zig-zag varint longs, length-prefixed strings, blocked arrays). */
class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  long(): number {
    let n = 0;
    let k = 0;
    let b: number;
    do {
      if (this.pos >= this.buf.length) throw new SchemaError('truncated commit');
      b = this.buf[this.pos++];
      n += (b & 0x7f) * 2 ** k;
      k += 7;
    } while (b & 0x80);
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  string(): string {
    const start = this.skipString();
    return this.buf.toString('utf8', start, this.pos);
  }

  /** Moves past a string; returns where its bytes start (they end at `pos`). */
  skipString(): number {
    const length = this.long();
    const start = this.pos;
    this.pos += length;
    if (length < 0 || this.pos > this.buf.length) throw new SchemaError('truncated commit');
    return start;
  }

  optionalString(): string | null {
    return this.long() === 0 ? null : this.string();
  }

  array(item: () => void): void {
    for (let count = this.long(); count !== 0; count = this.long()) {
      if (count < 0) {
        count = -count;
        this.long(); // block size in bytes
      }
      for (let j = 0; j < count; j++) item();
    }
  }
}

/** Reads only the header and event ids, e.g. to answer an idempotent retry. */
export function peekCommit(catalog: SchemaCatalog, bytes: Uint8Array, fingerprint: string): CommitHeader & { eventIds: string[] } {
  const c = catalog.decode<CommitRecord>(fingerprint, asBuffer(bytes));
  return { commitId: c.commitId, tenant: c.tenant, category: c.category, streamId: c.streamId, firstRevision: c.firstRevision, recordedAt: c.recordedAt, eventIds: c.events.map((e) => e.eventId) };
}
