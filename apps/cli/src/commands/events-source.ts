import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@vigil/config';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER, encodeToken } from '@vigil/event-store';
import { catalog, commitFingerprint, decodeCommit, sequenceOf, type RecordedEvent } from '@vigil/events';
import { connectNats } from '@vigil/messaging';
import { lastSequence, sequenceAtTime } from '@vigil/projections';
import { UsageError } from '../command';

/** Options every events command takes; --stream-name and --prefix (undocumented) point tests at their own stream. */
export const sourceOptions = { 'stream-name': { type: 'string' }, prefix: { type: 'string' } } as const;

export interface EventSource {
  nc: NatsConnection;
  stream: string;
  prefix: string;
}

export async function withEventSource<T>(values: { 'stream-name'?: string; prefix?: string }, work: (s: EventSource) => Promise<T>): Promise<T> {
  const nc = await connectNats(loadConfig().natsUrl, 'vigil-events');
  try {
    return await work({ nc, stream: values['stream-name'] ?? EVENTS_STREAM, prefix: values.prefix ?? EVENTS_SUBJECT_PREFIX });
  } finally {
    await nc.close();
  }
}

/** `tenant`, `tenant/category` or `tenant/category/stream id` as a subject filter. */
export function streamFilter(prefix: string, stream: string | undefined): string {
  if (!stream) return `${prefix}.>`;
  const [tenant, category, ...id] = stream.split('/');
  const safe = /^[A-Za-z0-9_-]+$/;
  if (!safe.test(tenant) || (category !== undefined && !safe.test(category))) throw new UsageError(`--stream must be TENANT[/CATEGORY[/ID]] with TENANT and CATEGORY of [A-Za-z0-9_-], got '${stream}'`);
  if (category === undefined) return `${prefix}.${tenant}.>`;
  return id.length === 0 ? `${prefix}.${tenant}.${category}.*` : `${prefix}.${tenant}.${category}.${encodeToken(id.join('/'))}`;
}

/** A position (integer) or an ISO time, as a stream sequence: `end` rounds a time down to the last message before it. */
export async function sequenceOfArg(s: EventSource, name: string, value: string, end = false): Promise<number> {
  if (/^\d+$/.test(value)) return sequenceOf(Number(value));
  const time = Date.parse(value);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new UsageError(`--${name} must be an event position or an ISO time (2025-05-05T10:00:00Z), got '${value}'`);
  const first = await sequenceAtTime(s.nc, s.stream, `${s.prefix}.>`, new Date(time));
  return end ? first - 1 : first;
}

export async function streamEnd(s: EventSource): Promise<number> {
  return lastSequence(s.nc, s.stream);
}

/** The event at `position`, or undefined. */
export async function eventAt(s: EventSource, position: number): Promise<RecordedEvent | undefined> {
  const jsm = await jetstreamManager(s.nc);
  const m = await jsm.streams.getMessage(s.stream, { seq: sequenceOf(position) }).catch(() => null);
  if (!m) return undefined;
  const schemas = catalog();
  return decodeCommit(schemas, m.data, m.seq, m.header?.get(SCHEMA_HEADER) || commitFingerprint(schemas)).find((e) => e.position === position);
}

/** Avro-decoded data as JSON: bytes as base64, longs as numbers. */
export const eventJson = (e: RecordedEvent): string =>
  JSON.stringify(e, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v));

/** One line for humans: position, recorded time, stream, type, data. */
export const eventLine = (e: RecordedEvent): string =>
  `${String(e.position).padEnd(12)} ${new Date(e.recordedAt).toISOString()} ${e.tenant}/${e.category}/${e.streamId} ${e.type} ${JSON.stringify(JSON.parse(eventJson(e)).data)}`;
