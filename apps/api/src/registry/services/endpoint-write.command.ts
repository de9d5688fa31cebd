import { Command } from '@nestjs/cqrs';
import type { EndpointData, ServiceCommand } from '@vigil/domain';
import type { Presented } from '../shared/entity-index';

type EndpointCommand = Extract<ServiceCommand, { type: 'AddEndpoint' | 'UpdateEndpoint' | 'RemoveEndpoint' }>;

/** A write to one endpoint of a service (its stream); the result is the endpoint afterwards. */
export class EndpointWrite extends Command<Presented<EndpointData> | undefined> {
  constructor(
    readonly tenant: string,
    readonly command: EndpointCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
