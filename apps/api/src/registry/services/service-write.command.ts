import { Command } from '@nestjs/cqrs';
import type { ServiceCommand } from '@vigil/domain';
import type { Presented } from '../shared/entity-index';
import type { ServiceView } from './service.index';

type ServiceLevelCommand = Extract<ServiceCommand, { type: 'RegisterService' | 'UpdateService' | 'RemoveService' }>;

/** A write to one service; the result is the service afterwards (undefined once removed). */
export class ServiceWrite extends Command<Presented<ServiceView> | undefined> {
  constructor(
    readonly tenant: string,
    readonly command: ServiceLevelCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
