import { Command } from '@nestjs/cqrs';
import type { ServiceGroupCommand } from '@vigil/domain';
import type { Presented } from '../shared/entity-index';
import type { ServiceGroupView } from './service-group.index';

/** A write to one service group; the result is the group afterwards (undefined once removed). */
export class ServiceGroupWrite extends Command<Presented<ServiceGroupView> | undefined> {
  constructor(
    readonly tenant: string,
    readonly command: ServiceGroupCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
