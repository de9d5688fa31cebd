import { evolveService, initialServiceState, type EndpointData, type ServiceData, type ServiceEvent, type ServiceState } from '@vigil/domain';
import type { EntityIndexDefinition } from '../shared/entity-index';
import { categoryOf } from '../shared/registry-streams';

export const SERVICE_EVENT_TYPES: readonly ServiceEvent['type'][] = [
  'ServiceRegistered',
  'ServiceUpdated',
  'ServiceRemoved',
  'EndpointAdded',
  'EndpointUpdated',
  'EndpointRemoved',
];

export type ServiceView = ServiceData & { endpoints: EndpointData[] };
type Registered = Extract<ServiceState, { status: 'registered' }>;

/** Services (service endpoints) by id, each with its endpoints, as GET /api/v1/services shows them. */
export const serviceIndex: EntityIndexDefinition<ServiceState, ServiceView> = {
  entity: 'service',
  category: categoryOf('service'),
  types: SERVICE_EVENT_TYPES,
  evolve: (state, event) => evolveService(state ?? initialServiceState(), event as unknown as ServiceEvent),
  exists: (state) => state.status === 'registered',
  present: (state) => ({ ...(state as Registered).service, endpoints: (state as Registered).endpoints }),
};
