import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { ngiDecider } from './ngi.decider';
import { ngiRegistered, sampleTopology, viewOf } from './topology.fixtures';

const now = Date.UTC(2025, 5, 2, 10);
const given = deciderSpec(ngiDecider, () => ({ view: viewOf(), now }));

describe('NGI', () => {
  it('registers an NGI, leaving the optional contacts empty', () =>
    given()
      .when({ type: 'RegisterNgi', name: 'NGI_XX', email: 'ops@ngi.example.org', scopes: ['EGI'] })
      .then([ngiRegistered()]));

  it('refuses to register an NGI that already exists', () =>
    given([ngiRegistered()]).when({ type: 'RegisterNgi', name: 'NGI_XX', email: 'ops@ngi.example.org' }).thenRejects('NGI_ALREADY_REGISTERED'));

  it('refuses a name that differs from an existing NGI only by case', () =>
    given([], { view: viewOf(ngiRegistered()) })
      .when({ type: 'RegisterNgi', name: 'ngi_xx', email: 'ops@ngi.example.org' })
      .thenRejects('NGI_NAME_TAKEN', 'name'));

  it('requires an NGI email', () =>
    given().when({ type: 'RegisterNgi', name: 'NGI_XX', email: ' ' }).thenRejects('NGI_EMAIL_REQUIRED', 'email'));

  it('updates only the fields given, keeping the others', () =>
    given([ngiRegistered()])
      .when({ type: 'UpdateNgi', name: 'NGI_XX', securityEmail: 'csirt@ngi.example.org' })
      .then([{ type: 'NgiUpdated', data: { ...ngiRegistered().data, securityEmail: 'csirt@ngi.example.org' } }]));

  it('answers not found when updating an unknown NGI', () =>
    given().when({ type: 'UpdateNgi', name: 'NGI_XX', email: 'x@example.org' }).thenNotFound('ngi'));

  it('refuses to remove an NGI that still has sites', () =>
    given([ngiRegistered()], { view: sampleTopology() }).when({ type: 'RemoveNgi', name: 'NGI_XX' }).thenRejects('NGI_HAS_SITES'));

  it('removes an NGI without sites', () =>
    given([ngiRegistered()], { view: viewOf(ngiRegistered()) })
      .when({ type: 'RemoveNgi', name: 'NGI_XX' })
      .then([{ type: 'NgiRemoved', data: { name: 'NGI_XX' } }]));
});
