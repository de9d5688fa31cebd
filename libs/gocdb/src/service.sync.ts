import { serviceDecider, type EndpointData, type ServiceCommand, type ServiceData, type ServiceState } from '@vigil/domain';
import type { GocdbService } from './gocdb.records';
import { runCommands, sameData, type Change } from './sync-support';
import { tracked, type TenantState } from './tenant-state';

/** A service's changes through the service decider (production ⇒ monitored, one service per type and host…), endpoints included. */
export function syncService(service: GocdbService, current: TenantState, now: number): Change[] {
  const { state } = tracked(current.streams, 'service', service.primaryKey);
  const events = runCommands(serviceDecider, state, current.view, serviceCommands(service, state), now);
  return events.length > 0 ? [{ kind: 'service', key: service.primaryKey, events }] : [];
}

function serviceCommands(service: GocdbService, state: ServiceState): ServiceCommand[] {
  const fields = serviceFields(service);
  const registered = state.status === 'registered' ? state : null;
  const commands: ServiceCommand[] = [];
  if (!registered) commands.push({ type: 'RegisterService', ...fields });
  else if (!sameData(registered.service, fields)) commands.push({ type: 'UpdateService', ...fields });
  return [...commands, ...endpointCommands(service, registered?.endpoints ?? [])];
}

// Removals first, then updates, then additions: a renamed endpoint frees its name before another takes it.
function endpointCommands(service: GocdbService, existing: readonly EndpointData[]): ServiceCommand[] {
  const wanted = service.endpoints.map((e): EndpointData => ({ service: service.primaryKey, ...e }));
  const removals: ServiceCommand[] = existing
    .filter((e) => !wanted.some((w) => w.id === e.id))
    .map((e) => ({ type: 'RemoveEndpoint', service: service.primaryKey, id: e.id }));
  const updates: ServiceCommand[] = [];
  const additions: ServiceCommand[] = [];
  for (const endpoint of wanted) {
    const have = existing.find((e) => e.id === endpoint.id);
    if (!have) additions.push({ type: 'AddEndpoint', ...endpoint });
    else if (!sameData(have, endpoint)) updates.push({ type: 'UpdateEndpoint', ...endpoint });
  }
  return [...removals, ...updates, ...additions];
}

const serviceFields = (s: GocdbService): ServiceData => ({
  id: s.primaryKey,
  hostname: s.hostname,
  serviceType: s.serviceType,
  site: s.site,
  production: s.production,
  monitored: s.monitored,
  beta: s.beta,
  notify: s.notify,
  url: s.url,
  scopes: s.scopes,
});
