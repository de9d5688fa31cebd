import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ngiDecider } from '@vigil/domain';
import { CommandRunner } from '../shared/command-runner';
import { registryStream } from '../shared/registry-streams';
import { ngiIndex } from './ngi.index';
import { NgiWrite } from './ngi-write.command';

@CommandHandler(NgiWrite)
export class NgiWriteHandler implements ICommandHandler<NgiWrite> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ tenant, command, expectedRevision }: NgiWrite) {
    const { registry } = await this.runner.run(ngiDecider, registryStream(tenant, 'ngi', command.name), command, expectedRevision);
    return registry.index(ngiIndex).maybe(command.name);
  }
}
