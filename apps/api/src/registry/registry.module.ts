import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DowntimeWriteHandler } from './downtimes/downtime-write.handler';
import { DowntimesController } from './downtimes/downtimes.controller';
import { NgiWriteHandler } from './ngis/ngi-write.handler';
import { NgisController } from './ngis/ngis.controller';
import { REGISTRY_INDEX_DEFINITIONS } from './registry-indexes';
import { ServiceGroupWriteHandler } from './service-groups/service-group-write.handler';
import { ServiceGroupsController } from './service-groups/service-groups.controller';
import { EndpointWriteHandler } from './services/endpoint-write.handler';
import { EndpointsController } from './services/endpoints.controller';
import { ServiceWriteHandler } from './services/service-write.handler';
import { ServicesController } from './services/services.controller';
import { CLOCK, systemClock, type Clock } from './shared/clock';
import { CommandRunner } from './shared/command-runner';
import { registryHeadProvider } from './shared/registry-head';
import { REGISTRY_INDEXES, RegistryViews } from './shared/registry-views.service';
import { SiteWriteHandler } from './sites/site-write.handler';
import { SitesController } from './sites/sites.controller';
import { TicketWriteHandler } from './tickets/ticket-write.handler';
import { TicketsController } from './tickets/tickets.controller';

/**
 * The registry over HTTP: writes to NGIs, sites, services and their endpoints, service groups,
 * downtimes and tickets go through CommandBus to thin handlers over the pure deciders; GETs read
 * per-tenant in-memory indexes fed by the event store.
 */
@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [NgisController, SitesController, ServicesController, EndpointsController, ServiceGroupsController, DowntimesController, TicketsController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: REGISTRY_INDEXES, useValue: REGISTRY_INDEX_DEFINITIONS },
    registryHeadProvider,
    RegistryViews,
    CommandRunner,
    NgiWriteHandler,
    SiteWriteHandler,
    ServiceWriteHandler,
    EndpointWriteHandler,
    ServiceGroupWriteHandler,
    DowntimeWriteHandler,
    TicketWriteHandler,
  ],
  exports: [RegistryViews],
})
export class RegistryModule {
  /** The same module reading time from `clock`, so tests can test time rules; dynamic providers override static ones. */
  static withClock(clock: Clock): DynamicModule {
    return { module: RegistryModule, providers: [{ provide: CLOCK, useValue: clock }] };
  }
}
