import { Command } from '@nestjs/cqrs';
import type { TicketCommand } from '@vigil/domain';
import type { Presented } from '../shared/entity-index';
import type { TicketView } from './ticket.index';

/** A write to one ticket; the result is the ticket afterwards. */
export class TicketWrite extends Command<Presented<TicketView> | undefined> {
  constructor(
    readonly tenant: string,
    readonly command: TicketCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
