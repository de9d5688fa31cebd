import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import * as avro from 'avsc';
import { SCHEMA_HEADER } from '@vigil/event-store';
import { catalog, positionOf, type RecordedEvent } from '@vigil/events';
import { readLog } from '@vigil/projections';
import { UsageError, type CliCommand } from '../command';
import { eventJson, sequenceOfArg, sourceOptions, streamEnd, streamFilter, withEventSource } from './events-source';

const help = `Usage: vigil events export --from POSITION|TIME --to POSITION|TIME --out FILE [--format avro|ndjson] [--stream TENANT[/CATEGORY[/ID]]]

Writes every event between --from and --to (both included; event positions or ISO times of recording)
to FILE for audits: an Avro object container file (default; record VigilEvent: the envelope,
position and the data as JSON) or NDJSON (one event per line). Prints the count as JSON on stdout.`;

/** Envelope fields plus the data as JSON: one schema for every event type. */
export const EXPORT_SCHEMA: avro.Schema = {
  type: 'record',
  name: 'VigilEvent',
  namespace: 'vigil.export',
  fields: [
    { name: 'position', type: 'long' },
    { name: 'eventId', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'schemaVersion', type: 'int' },
    { name: 'fingerprint', type: 'string' },
    { name: 'tenant', type: 'string' },
    { name: 'category', type: 'string' },
    { name: 'streamId', type: 'string' },
    { name: 'revision', type: 'long' },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'recordedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'correlationId', type: ['null', 'string'] },
    { name: 'causationId', type: ['null', 'string'] },
    { name: 'data', type: 'string' },
  ],
};

const exportRecord = (e: RecordedEvent) => {
  const { data, ...envelope } = JSON.parse(eventJson(e)) as RecordedEvent;
  // Milliseconds: avsc writes timestamp-millis as its underlying long unless a logical type is registered.
  return { ...envelope, data: JSON.stringify(data) };
};

export const eventsExportCommand: CliCommand = {
  path: ['events', 'export'],
  summary: 'export events between two positions or times (Avro container or NDJSON)',
  help,
  async run(argv) {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { ...sourceOptions, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, stream: { type: 'string' } },
    });
    if (!values.from || !values.to || !values.out) throw new UsageError('--from, --to and --out are required');
    const format = values.format ?? 'avro';
    if (format !== 'avro' && format !== 'ndjson') throw new UsageError(`--format must be avro or ndjson, got '${format}'`);
    return withEventSource(values, async (s) => {
      const numeric = (v: string) => /^\d+$/.test(v);
      const from = await sequenceOfArg(s, 'from', values.from!);
      const to = Math.min(await sequenceOfArg(s, 'to', values.to!, true), await streamEnd(s));
      // Positions bound the window exactly; times bound it by whole commits.
      const fromPos = numeric(values.from!) ? Number(values.from) : positionOf(from, 0);
      const toPos = numeric(values.to!) ? Number(values.to) : positionOf(to + 1, 0) - 1;
      if (fromPos > toPos) throw new UsageError(`--from (${values.from}) is after --to (${values.to})`);
      // What avro.createFileEncoder does, keeping the file stream to await its flush.
      const file = createWriteStream(values.out!);
      const out = format === 'avro' ? new avro.streams.BlockEncoder(EXPORT_SCHEMA) : file;
      if (out !== file) out.pipe(file);
      let count = 0;
      for await (const batch of readLog(s.nc, { stream: s.stream, filterSubject: streamFilter(s.prefix, values.stream), schemaHeader: SCHEMA_HEADER, schemas: catalog(), startSequence: from, through: to })) {
        for (const e of batch.events) {
          if (e.position < fromPos || e.position > toPos) continue;
          const ok = format === 'avro' ? out.write(exportRecord(e)) : out.write(`${eventJson(e)}\n`);
          if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
          count++;
        }
      }
      out.end();
      await finished(file);
      process.stdout.write(`${JSON.stringify({ file: values.out, format, events: count, fromPosition: fromPos, toPosition: toPos })}\n`);
      return 0;
    });
  },
};
