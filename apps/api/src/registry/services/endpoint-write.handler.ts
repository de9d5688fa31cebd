import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { serviceDecider } from '@vigil/domain';
import { CommandRunner } from '../shared/command-runner';
import { registryStream } from '../shared/registry-streams';
import { serviceIndex } from './service.index';
import { EndpointWrite } from './endpoint-write.command';

@CommandHandler(EndpointWrite)
export class EndpointWriteHandler implements ICommandHandler<EndpointWrite> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ tenant, command, expectedRevision }: EndpointWrite) {
    const { registry } = await this.runner.run(serviceDecider, registryStream(tenant, 'service', command.service), command, expectedRevision);
    const service = registry.index(serviceIndex).maybe(command.service);
    const endpoint = service?.endpoints.find((e) => e.id === command.id);
    return endpoint && service && { ...endpoint, revision: service.revision };
  }
}
