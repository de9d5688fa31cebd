import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../command';
import { eventAt, eventJson, sourceOptions, withEventSource } from './events-source';

const help = `Usage: vigil events inspect POSITION

Prints the event at POSITION (sequence × 10000 + index, as tail and export show it) in full:
envelope and Avro-decoded data, as indented JSON. Exit code 1 when no event is there.`;

export const eventsInspectCommand: CliCommand = {
  path: ['events', 'inspect'],
  summary: 'print one event in full',
  help,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, options: sourceOptions, strict: true, allowPositionals: true });
    if (positionals.length !== 1 || !/^\d+$/.test(positionals[0])) throw new UsageError('give one event POSITION (a non-negative integer)');
    const position = Number(positionals[0]);
    const event = await withEventSource(values, (s) => eventAt(s, position));
    if (!event) {
      process.stderr.write(`vigil events inspect: no event at position ${position}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(JSON.parse(eventJson(event)), null, 2)}\n`);
    return 0;
  },
};
