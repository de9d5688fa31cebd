import type { CliCommand } from './command';

/** Every `vigil` command, one line each (keep sorted by path). */
export const commands: CliCommand[] = [];
