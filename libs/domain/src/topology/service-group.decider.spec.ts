import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { serviceGroupDecider } from './service-group.decider';
import { sampleTopology } from './topology.fixtures';
import { evolveView } from './topology-view';
import type { ServiceGroupEvent } from './topology.events';

const now = Date.UTC(2025, 5, 2, 10);
const given = deciderSpec(serviceGroupDecider, () => ({ view: sampleTopology(), now }));

const registered = (services: string[] = ['1G0']): ServiceGroupEvent => ({
  type: 'ServiceGroupRegistered',
  data: { name: 'WLCG-TIER1', description: 'Tier-1 services', monitored: true, services },
});

describe('service groups', () => {
  it('registers a group of services from several sites, listing each service once', () =>
    given()
      .when({ type: 'RegisterServiceGroup', name: 'WLCG-TIER1', description: 'Tier-1 services', services: ['1G0', '3G0', '1G0'] })
      .then([registered(['1G0', '3G0'])]));

  it('refuses a member service that does not exist', () =>
    given()
      .when({ type: 'RegisterServiceGroup', name: 'WLCG-TIER1', description: '', services: ['99G0'] })
      .thenRejects('UNKNOWN_SERVICE', 'services'));

  it('refuses a name already used by another group, whatever its case', () =>
    given([], { view: evolveView(sampleTopology(), registered()) })
      .when({ type: 'RegisterServiceGroup', name: 'wlcg-tier1', description: '' })
      .thenRejects('SERVICE_GROUP_NAME_TAKEN', 'name'));

  it('refuses to register the same group twice', () =>
    given([registered()]).when({ type: 'RegisterServiceGroup', name: 'WLCG-TIER1', description: '' }).thenRejects('SERVICE_GROUP_ALREADY_REGISTERED'));

  it('updates the description, keeping monitoring as it was', () =>
    given([registered()])
      .when({ type: 'UpdateServiceGroup', name: 'WLCG-TIER1', description: 'Tier-1' })
      .then([{ type: 'ServiceGroupUpdated', data: { name: 'WLCG-TIER1', description: 'Tier-1', monitored: true } }]));

  it('adds a member', () =>
    given([registered()])
      .when({ type: 'AddServiceGroupMember', name: 'WLCG-TIER1', service: '3G0' })
      .then([{ type: 'ServiceGroupMemberAdded', data: { name: 'WLCG-TIER1', service: '3G0' } }]));

  it('refuses to add an unknown service', () =>
    given([registered()]).when({ type: 'AddServiceGroupMember', name: 'WLCG-TIER1', service: '99G0' }).thenRejects('UNKNOWN_SERVICE'));

  it('refuses to add a service that is already a member', () =>
    given([registered()]).when({ type: 'AddServiceGroupMember', name: 'WLCG-TIER1', service: '1G0' }).thenRejects('SERVICE_ALREADY_MEMBER'));

  it('removes a member', () =>
    given([registered()])
      .when({ type: 'RemoveServiceGroupMember', name: 'WLCG-TIER1', service: '1G0' })
      .then([{ type: 'ServiceGroupMemberRemoved', data: { name: 'WLCG-TIER1', service: '1G0' } }]));

  it('refuses to remove a service that is not a member', () =>
    given([registered()]).when({ type: 'RemoveServiceGroupMember', name: 'WLCG-TIER1', service: '3G0' }).thenRejects('SERVICE_NOT_MEMBER'));

  it('removes a group', () =>
    given([registered()]).when({ type: 'RemoveServiceGroup', name: 'WLCG-TIER1' }).then([{ type: 'ServiceGroupRemoved', data: { name: 'WLCG-TIER1' } }]));

  it('answers not found for an unknown group', () =>
    given().when({ type: 'AddServiceGroupMember', name: 'WLCG-TIER1', service: '1G0' }).thenNotFound('serviceGroup'));
});
