import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { serviceGroupDecider } from '@vigil/domain';
import { CommandRunner } from '../shared/command-runner';
import { registryStream } from '../shared/registry-streams';
import { serviceGroupIndex } from './service-group.index';
import { ServiceGroupWrite } from './service-group-write.command';

@CommandHandler(ServiceGroupWrite)
export class ServiceGroupWriteHandler implements ICommandHandler<ServiceGroupWrite> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ tenant, command, expectedRevision }: ServiceGroupWrite) {
    const stream = registryStream(tenant, 'serviceGroup', command.name);
    const { registry } = await this.runner.run(serviceGroupDecider, stream, command, expectedRevision);
    return registry.index(serviceGroupIndex).maybe(command.name);
  }
}
