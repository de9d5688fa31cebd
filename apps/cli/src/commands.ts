import type { CliCommand } from './command';
import { argoDayCommand } from './commands/argo-day.command';

/** Every `vigil` command, one line each (keep sorted by path). */
export const commands: CliCommand[] = [
  argoDayCommand,
];
