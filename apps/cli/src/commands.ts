import type { CliCommand } from './command';
import { argoDayCommand } from './commands/argo-day.command';
import { argoImportCommand } from './commands/argo-import.command';
import { importGocdbCommand } from './commands/import-gocdb.command';
import { keysCreateCommand } from './commands/keys-create.command';
import { keysListCommand } from './commands/keys-list.command';
import { keysRevokeCommand } from './commands/keys-revoke.command';
import { migrateCommand } from './commands/migrate.command';
import { startCommand } from './commands/start.command';

/** Every `vigil` command, one line each (keep sorted by path). */
export const commands: CliCommand[] = [
  argoDayCommand,
  argoImportCommand,
  importGocdbCommand,
  keysCreateCommand,
  keysListCommand,
  keysRevokeCommand,
  migrateCommand,
  startCommand,
];
