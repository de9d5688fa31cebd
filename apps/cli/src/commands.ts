import type { CliCommand } from './command';
import { argoDayCommand } from './commands/argo-day.command';
import { migrateCommand } from './commands/migrate.command';
import { startCommand } from './commands/start.command';

/** Every `vigil` command, one line each (keep sorted by path). */
export const commands: CliCommand[] = [
  argoDayCommand,
  migrateCommand,
  startCommand,
];
