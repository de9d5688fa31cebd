import { Command } from '@nestjs/cqrs';
import type { DowntimeCommand } from '@vigil/domain';
import type { Presented } from '../shared/entity-index';
import type { DowntimeView } from './downtime.index';

/** A write to one downtime; the result is the downtime afterwards (undefined once cancelled). */
export class DowntimeWrite extends Command<Presented<DowntimeView> | undefined> {
  constructor(
    readonly tenant: string,
    readonly command: DowntimeCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
