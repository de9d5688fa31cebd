import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { serviceDecider } from '@vigil/domain';
import { CommandRunner } from '../shared/command-runner';
import { registryStream } from '../shared/registry-streams';
import { serviceIndex } from './service.index';
import { ServiceWrite } from './service-write.command';

@CommandHandler(ServiceWrite)
export class ServiceWriteHandler implements ICommandHandler<ServiceWrite> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ tenant, command, expectedRevision }: ServiceWrite) {
    const { registry } = await this.runner.run(serviceDecider, registryStream(tenant, 'service', command.id), command, expectedRevision);
    return registry.index(serviceIndex).maybe(command.id);
  }
}
