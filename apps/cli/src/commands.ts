import type { CliCommand } from './command';
import { argoDayCommand } from './commands/argo-day.command';
import { argoImportCommand } from './commands/argo-import.command';
import { demoCommand } from './commands/demo.command';
import { eventsExportCommand } from './commands/events-export.command';
import { eventsInspectCommand } from './commands/events-inspect.command';
import { eventsTailCommand } from './commands/events-tail.command';
import { importGocdbCommand } from './commands/import-gocdb.command';
import { keysCreateCommand } from './commands/keys-create.command';
import { keysListCommand } from './commands/keys-list.command';
import { keysRevokeCommand } from './commands/keys-revoke.command';
import { migrateCommand } from './commands/migrate.command';
import { recomputeCommand } from './commands/recompute.command';
import { replayCommand } from './commands/replay.command';
import { startCommand } from './commands/start.command';
import { webhooksRedeliverCommand } from './commands/webhooks-redeliver.command';

/** Every `vigil` command, one line each (keep sorted by path). */
export const commands: CliCommand[] = [
  argoDayCommand,
  argoImportCommand,
  demoCommand,
  eventsExportCommand,
  eventsInspectCommand,
  eventsTailCommand,
  importGocdbCommand,
  keysCreateCommand,
  keysListCommand,
  keysRevokeCommand,
  recomputeCommand,
  migrateCommand,
  replayCommand,
  startCommand,
  webhooksRedeliverCommand,
];
