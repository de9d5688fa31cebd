import { Logger } from '@nestjs/common';
import { StderrLogger } from '@vigil/platform';
import { UsageError, type CliCommand } from './command';
import { commands } from './commands';

const usage = (): string =>
  ['Usage: vigil <command> [options]', '', 'Commands:', ...commands.map((c) => `  ${c.path.join(' ').padEnd(22)} ${c.summary}`)].join('\n');

/** The longest command path that prefixes argv wins, so `argo day` beats `argo`. */
function find(argv: string[]): CliCommand | undefined {
  return commands
    .filter((c) => c.path.every((w, i) => argv[i] === w))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

async function main(argv: string[]): Promise<number> {
  const command = find(argv);
  if (!command) {
    process.stderr.write(`${usage()}\n`);
    return argv.length === 0 || argv[0] === '--help' ? 0 : 2;
  }
  const rest = argv.slice(command.path.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(`vigil ${command.path.join(' ')}: ${(err as Error).message}\n\n${command.help}\n`);
      return 2;
    }
    process.stderr.write(`vigil ${command.path.join(' ')}: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

// Logs go to stderr: stdout carries only the command's result.
Logger.overrideLogger(new StderrLogger());

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err}\n`);
    process.exit(1);
  },
);

/** node:util parseArgs errors; other errors may carry a numeric code (ClickHouse) and must reach the user as they are. */
function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
