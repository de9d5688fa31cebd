import { serviceGroupDecider, type ServiceGroupCommand, type ServiceGroupState } from '@vigil/domain';
import type { GocdbServiceGroup } from './gocdb.records';
import { distinctServices, resolveService } from './service-refs';
import { runCommands, sameData, type Change } from './sync-support';
import { tracked, type TenantState } from './tenant-state';

/** A service group's changes: registration, description and monitoring, and its members one by one. */
export function syncServiceGroup(group: GocdbServiceGroup, current: TenantState, now: number): Change[] {
  const { state } = tracked(current.streams, 'serviceGroup', group.name);
  const services = distinctServices(group.services.map((ref) => resolveService(current.view, ref)));
  const events = runCommands(serviceGroupDecider, state, current.view, groupCommands(group, services, state), now);
  return events.length > 0 ? [{ kind: 'serviceGroup', key: group.name, events }] : [];
}

function groupCommands(group: GocdbServiceGroup, services: string[], state: ServiceGroupState): ServiceGroupCommand[] {
  const { name, description, monitored } = group;
  if (state.status !== 'registered') return [{ type: 'RegisterServiceGroup', name, description, monitored, services }];
  const commands: ServiceGroupCommand[] = [];
  if (!sameData(state.group, { name, description, monitored })) commands.push({ type: 'UpdateServiceGroup', name, description, monitored });
  for (const service of state.services) if (!services.includes(service)) commands.push({ type: 'RemoveServiceGroupMember', name, service });
  for (const service of services) if (!state.services.includes(service)) commands.push({ type: 'AddServiceGroupMember', name, service });
  return commands;
}
