import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ticketDecider } from '@vigil/domain';
import { CommandRunner } from '../shared/command-runner';
import { registryStream } from '../shared/registry-streams';
import { ticketIndex } from './ticket.index';
import { TicketWrite } from './ticket-write.command';

@CommandHandler(TicketWrite)
export class TicketWriteHandler implements ICommandHandler<TicketWrite> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ tenant, command, expectedRevision }: TicketWrite) {
    const { registry } = await this.runner.run(ticketDecider, registryStream(tenant, 'ticket', command.id), command, expectedRevision);
    return registry.index(ticketIndex).maybe(command.id);
  }
}
