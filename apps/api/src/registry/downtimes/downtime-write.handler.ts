import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { downtimeDecider } from '@vigil/domain';
import { CommandRunner } from '../shared/command-runner';
import { registryStream } from '../shared/registry-streams';
import { downtimeIndex } from './downtime.index';
import { DowntimeWrite } from './downtime-write.command';

@CommandHandler(DowntimeWrite)
export class DowntimeWriteHandler implements ICommandHandler<DowntimeWrite> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ tenant, command, expectedRevision }: DowntimeWrite) {
    const { registry } = await this.runner.run(downtimeDecider, registryStream(tenant, 'downtime', command.id), command, expectedRevision);
    return registry.index(downtimeIndex).maybe(command.id);
  }
}
