/** One `vigil` sub-command. Results go to stdout, logs to stderr; `run` resolves to the exit code. */
export interface CliCommand {
  /** Words after `vigil`, e.g. `['argo', 'day']`. */
  path: string[];
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** Thrown for bad usage: the CLI prints the message and the command's help, exit code 2. */
export class UsageError extends Error {}
