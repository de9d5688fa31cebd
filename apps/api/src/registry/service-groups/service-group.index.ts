import { evolveServiceGroup, initialServiceGroupState, type ServiceGroupData, type ServiceGroupEvent, type ServiceGroupState } from '@vigil/domain';
import type { EntityIndexDefinition } from '../shared/entity-index';
import { categoryOf } from '../shared/registry-streams';

export const SERVICE_GROUP_EVENT_TYPES: readonly ServiceGroupEvent['type'][] = [
  'ServiceGroupRegistered',
  'ServiceGroupUpdated',
  'ServiceGroupRemoved',
  'ServiceGroupMemberAdded',
  'ServiceGroupMemberRemoved',
];

export type ServiceGroupView = ServiceGroupData & { services: string[] };
type Registered = Extract<ServiceGroupState, { status: 'registered' }>;

/** Service groups by name with their member services (of any site), as GET /api/v1/service-groups shows them. */
export const serviceGroupIndex: EntityIndexDefinition<ServiceGroupState, ServiceGroupView> = {
  entity: 'serviceGroup',
  category: categoryOf('serviceGroup'),
  types: SERVICE_GROUP_EVENT_TYPES,
  evolve: (state, event) => evolveServiceGroup(state ?? initialServiceGroupState(), event as unknown as ServiceGroupEvent),
  exists: (state) => state.status === 'registered',
  // A removed service leaves its groups (as in the topology view), though no group event says so.
  present: (state, topology) => ({ ...(state as Registered).group, services: (state as Registered).services.filter((s) => topology.services.has(s)) }),
};
