import { downtimeIndex } from './downtimes/downtime.index';
import { ngiIndex } from './ngis/ngi.index';
import { serviceGroupIndex } from './service-groups/service-group.index';
import { serviceIndex } from './services/service.index';
import type { AnyIndexDefinition } from './shared/tenant-registry';
import { siteIndex } from './sites/site.index';
import { ticketIndex } from './tickets/ticket.index';

/** Every entity family the registry folds from the event store, one per stream category. */
export const REGISTRY_INDEX_DEFINITIONS: readonly AnyIndexDefinition[] = [ngiIndex, siteIndex, serviceIndex, serviceGroupIndex, downtimeIndex, ticketIndex];
