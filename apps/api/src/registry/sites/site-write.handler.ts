import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { siteDecider } from '@vigil/domain';
import { CommandRunner } from '../shared/command-runner';
import { registryStream } from '../shared/registry-streams';
import { siteIndex } from './site.index';
import { SiteWrite } from './site-write.command';

@CommandHandler(SiteWrite)
export class SiteWriteHandler implements ICommandHandler<SiteWrite> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ tenant, command, expectedRevision }: SiteWrite) {
    const { registry } = await this.runner.run(siteDecider, registryStream(tenant, 'site', command.shortName), command, expectedRevision);
    return registry.index(siteIndex).maybe(command.shortName);
  }
}
