import { parseArgs } from 'node:util';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { SCHEMA_HEADER } from '@vigil/event-store';
import { catalog, commitFingerprint, decodeCommit } from '@vigil/events';
import { UsageError, type CliCommand } from '../command';
import { eventJson, eventLine, sequenceOfArg, sourceOptions, streamFilter, withEventSource } from './events-source';

const help = `Usage: vigil events tail [--type TYPE[,TYPE...]] [--stream TENANT[/CATEGORY[/ID]]] [--from POSITION|TIME] [--limit N] [--json]

Follows the event log and prints each event, Avro-decoded: position, recorded time, stream, type, data.
Starts with the next appended event, or at --from (an event position or an ISO time).
--type keeps only those event types; --stream only that tenant, category or stream.
--limit stops after N events; --json prints one JSON object per line. Ctrl-C stops.`;

export const eventsTailCommand: CliCommand = {
  path: ['events', 'tail'],
  summary: 'follow the event log, decoded (filters: type, stream)',
  help,
  async run(argv) {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { ...sourceOptions, type: { type: 'string' }, stream: { type: 'string' }, from: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    });
    const schemas = catalog();
    const types = values.type ? new Set(values.type.split(',').map((t) => t.trim())) : undefined;
    for (const t of types ?? []) if (!schemas.has(t)) throw new UsageError(`--type: unknown event type '${t}'`);
    if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) throw new UsageError(`--limit must be a positive integer, got '${values.limit}'`);
    const limit = values.limit ? Number(values.limit) : Infinity;
    return withEventSource(values, async (s) => {
      const filter = streamFilter(s.prefix, values.stream);
      const start = values.from ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, await sequenceOfArg(s, 'from', values.from)) } : { deliver_policy: DeliverPolicy.New };
      const consumer = await jetstream(s.nc).consumers.get(s.stream, { filter_subjects: filter, ...start });
      const messages = await consumer.consume({ max_messages: 256 });
      const stop = () => void messages.close();
      process.once('SIGINT', stop);
      let printed = 0;
      const fallback = commitFingerprint(schemas);
      try {
        for await (const m of messages) {
          for (const e of decodeCommit(schemas, m.data, m.seq, m.headers?.get(SCHEMA_HEADER) || fallback, types)) {
            if (printed >= limit) break;
            process.stdout.write(`${values.json ? eventJson(e) : eventLine(e)}\n`);
            printed++;
          }
          if (printed >= limit) break;
        }
      } finally {
        process.off('SIGINT', stop);
        await messages.close();
      }
      return 0;
    });
  },
};
