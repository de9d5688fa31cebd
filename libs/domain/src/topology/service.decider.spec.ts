import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import type { ServiceCommand } from './service.decider';
import { serviceDecider } from './service.decider';
import { buildTopologyView, emptyTopologyView } from './topology-view';
import { endpointAdded, ngiRegistered, sampleTopology, serviceRegistered, siteRegistered } from './topology.fixtures';

const now = Date.UTC(2025, 5, 2, 10);
const given = deciderSpec(serviceDecider, () => ({ view: sampleTopology(), now }));

const register = (over: Partial<Extract<ServiceCommand, { type: 'RegisterService' }>> = {}): ServiceCommand => ({
  type: 'RegisterService',
  id: '9G0',
  hostname: 'ce02.example.org',
  serviceType: 'org.opensciencegrid.htcondorce',
  site: 'EXAMPLE-SITE',
  production: true,
  monitored: true,
  scopes: ['EGI'],
  ...over,
});
const registered9 = (over = {}) => serviceRegistered({ id: '9G0', hostname: 'ce02.example.org', ...over });

describe('service registration', () => {
  it('registers a service on its site, notifying and out of beta by default', () => given().when(register()).then([registered9()]));

  it('refuses a service on a site that does not exist', () => given().when(register({ site: 'NO-SITE' })).thenRejects('UNKNOWN_SITE', 'site'));

  it('refuses a second service of the same type on the same host, whatever the hostname case', () =>
    given().when(register({ hostname: 'CE01.example.org' })).thenRejects('SERVICE_ALREADY_ON_HOST', 'hostname'));

  it('accepts another service type on a host that already runs a service', () =>
    given()
      .when(register({ hostname: 'ce01.example.org', serviceType: 'APEL' }))
      .then([registered9({ hostname: 'ce01.example.org', serviceType: 'APEL' })]));

  it('refuses a production service that is not monitored', () =>
    given().when(register({ monitored: false })).thenRejects('PRODUCTION_SERVICE_NOT_MONITORED', 'monitored'));

  it('lets an exempt type such as VOMS run in production unmonitored', () =>
    given().when(register({ serviceType: 'VOMS', monitored: false })).then([registered9({ serviceType: 'VOMS', monitored: false })]));

  it('honours the exempt list the tenant configured in its view', () =>
    given([], { view: buildTopologyView([ngiRegistered(), siteRegistered()], emptyTopologyView(['MyProxy'])) })
      .when(register({ serviceType: 'MyProxy', monitored: false }))
      .then([registered9({ serviceType: 'MyProxy', monitored: false })]));

  it('honours an exempt list given with the command', () =>
    given()
      .when(register({ serviceType: 'VOMS', monitored: false, exemptServiceTypes: [] }))
      .thenRejects('PRODUCTION_SERVICE_NOT_MONITORED'));

  it('lets a test service go unmonitored', () =>
    given().when(register({ production: false, monitored: false })).then([registered9({ production: false, monitored: false })]));

  it('refuses to register the same service twice', () => given([registered9()]).when(register()).thenRejects('SERVICE_ALREADY_REGISTERED'));
});

describe('service update', () => {
  it('moves a service to another site', () =>
    given([serviceRegistered()])
      .when({ type: 'UpdateService', id: '1G0', site: 'OTHER-SITE' })
      .then([{ type: 'ServiceUpdated', data: { ...serviceRegistered().data, site: 'OTHER-SITE' } }]));

  it('refuses to move a service to an unknown site', () =>
    given([serviceRegistered()]).when({ type: 'UpdateService', id: '1G0', site: 'NO-SITE' }).thenRejects('UNKNOWN_SITE'));

  it('does not count the service itself as a duplicate of its type and host', () =>
    given([serviceRegistered()])
      .when({ type: 'UpdateService', id: '1G0', beta: true })
      .then([{ type: 'ServiceUpdated', data: { ...serviceRegistered().data, beta: true } }]));

  it('refuses to rename a service onto the host of another service of its type', () =>
    given([serviceRegistered({ id: '2G0', hostname: 'bdii.example.org', serviceType: 'Site-BDII' })])
      .when({ type: 'UpdateService', id: '2G0', serviceType: 'org.opensciencegrid.htcondorce', hostname: 'ce01.example.org' })
      .thenRejects('SERVICE_ALREADY_ON_HOST'));

  it('refuses to stop monitoring a production service', () =>
    given([serviceRegistered()]).when({ type: 'UpdateService', id: '1G0', monitored: false }).thenRejects('PRODUCTION_SERVICE_NOT_MONITORED'));

  it('answers not found for an unknown service', () => given().when({ type: 'UpdateService', id: '1G0', beta: true }).thenNotFound('service'));

  it('removes a service', () => given([serviceRegistered()]).when({ type: 'RemoveService', id: '1G0' }).then([{ type: 'ServiceRemoved', data: { id: '1G0' } }]));

  it('answers not found when removing a removed service', () =>
    given([serviceRegistered(), { type: 'ServiceRemoved', data: { id: '1G0' } }]).when({ type: 'RemoveService', id: '1G0' }).thenNotFound('service'));
});

describe('endpoints', () => {
  const add = (over: Partial<Extract<ServiceCommand, { type: 'AddEndpoint' }>> = {}): ServiceCommand => ({
    type: 'AddEndpoint',
    service: '1G0',
    id: '7',
    name: 'extra',
    url: 'https://ce01.example.org:9999',
    ...over,
  });
  const withMain = [serviceRegistered(), endpointAdded()];

  it('adds an endpoint, monitored and named after the service type by default', () =>
    given(withMain)
      .when(add())
      .then([endpointAdded({ id: '7', name: 'extra', url: 'https://ce01.example.org:9999' })]));

  it('refuses a second endpoint with the same name in one service', () =>
    given(withMain).when(add({ name: 'main' })).thenRejects('ENDPOINT_NAME_TAKEN', 'name'));

  it('refuses an endpoint id already in use', () => given(withMain).when(add({ id: '3' })).thenRejects('ENDPOINT_ALREADY_EXISTS'));

  it('requires an endpoint url', () => given(withMain).when(add({ url: '' })).thenRejects('ENDPOINT_URL_REQUIRED', 'url'));

  it('refuses an endpoint on an unknown service', () => given().when(add()).thenNotFound('service'));

  it('updates an endpoint', () =>
    given(withMain)
      .when({ type: 'UpdateEndpoint', service: '1G0', id: '1', monitored: false })
      .then([{ type: 'EndpointUpdated', data: { ...endpointAdded().data, monitored: false } }]));

  it('refuses to rename an endpoint to the name of a sibling', () =>
    given([...withMain, endpointAdded({ id: '2', name: 'secondary' })])
      .when({ type: 'UpdateEndpoint', service: '1G0', id: '2', name: 'main' })
      .thenRejects('ENDPOINT_NAME_TAKEN'));

  it('answers not found for an unknown endpoint', () =>
    given(withMain).when({ type: 'UpdateEndpoint', service: '1G0', id: '42', name: 'x' }).thenNotFound('endpoint'));

  it('removes an endpoint', () =>
    given(withMain)
      .when({ type: 'RemoveEndpoint', service: '1G0', id: '1' })
      .then([{ type: 'EndpointRemoved', data: { service: '1G0', id: '1' } }]));

  it('forgets a removed endpoint, so its name can be reused', () =>
    given([...withMain, { type: 'EndpointRemoved', data: { service: '1G0', id: '1' } }])
      .when(add({ name: 'main' }))
      .then([endpointAdded({ id: '7', url: 'https://ce01.example.org:9999' })]));
});
