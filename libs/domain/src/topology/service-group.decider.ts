import { NotFound, RuleViolation } from '../shared/rule-violation';
import { definedOnly, distinct, requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import type { ServiceGroupData, ServiceGroupEvent } from './topology.events';
import type { TopologyView } from './topology-view';
import { serviceGroupNameTaken } from './topology-view';

export type ServiceGroupCommand =
  | { type: 'RegisterServiceGroup'; name: string; description: string; monitored?: boolean; services?: string[] }
  | { type: 'UpdateServiceGroup'; name: string; description?: string; monitored?: boolean }
  | { type: 'RemoveServiceGroup'; name: string }
  | { type: 'AddServiceGroupMember'; name: string; service: string }
  | { type: 'RemoveServiceGroupMember'; name: string; service: string };

export type ServiceGroupState =
  | { status: 'none' }
  | { status: 'registered'; group: ServiceGroupData; services: string[] }
  | { status: 'removed' };

type Registered = Extract<ServiceGroupState, { status: 'registered' }>;

export const initialServiceGroupState = (): ServiceGroupState => ({ status: 'none' });

export function decideServiceGroup(command: ServiceGroupCommand, state: ServiceGroupState, view: TopologyView, _now: number): ServiceGroupEvent[] {
  switch (command.type) {
    case 'RegisterServiceGroup': {
      if (state.status === 'registered') throw new RuleViolation('SERVICE_GROUP_ALREADY_REGISTERED', `service group ${command.name} already exists`, 'name');
      requireText(command.name, 'SERVICE_GROUP_NAME_REQUIRED', 'name');
      if (serviceGroupNameTaken(view, command.name)) {
        throw new RuleViolation('SERVICE_GROUP_NAME_TAKEN', `a service group named ${command.name} already exists`, 'name');
      }
      const services = distinct(command.services ?? []);
      services.forEach((service) => requireService(view, service));
      const data = { name: command.name, description: command.description ?? '', monitored: command.monitored ?? true, services };
      return [{ type: 'ServiceGroupRegistered', data }];
    }
    case 'UpdateServiceGroup': {
      const { group } = registered(state, command.name);
      const patch = definedOnly({ description: command.description, monitored: command.monitored });
      return [{ type: 'ServiceGroupUpdated', data: { ...group, ...patch } }];
    }
    case 'RemoveServiceGroup':
      registered(state, command.name);
      return [{ type: 'ServiceGroupRemoved', data: { name: command.name } }];
    case 'AddServiceGroupMember': {
      const { services } = registered(state, command.name);
      requireService(view, command.service);
      if (services.includes(command.service)) {
        throw new RuleViolation('SERVICE_ALREADY_MEMBER', `service ${command.service} is already in ${command.name}`, 'service');
      }
      return [{ type: 'ServiceGroupMemberAdded', data: { name: command.name, service: command.service } }];
    }
    case 'RemoveServiceGroupMember': {
      const { services } = registered(state, command.name);
      if (!services.includes(command.service)) {
        throw new RuleViolation('SERVICE_NOT_MEMBER', `service ${command.service} is not in ${command.name}`, 'service');
      }
      return [{ type: 'ServiceGroupMemberRemoved', data: { name: command.name, service: command.service } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown service group command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveServiceGroup(state: ServiceGroupState, event: ServiceGroupEvent): ServiceGroupState {
  switch (event.type) {
    case 'ServiceGroupRegistered': {
      const { services, ...group } = event.data;
      return { status: 'registered', group, services };
    }
    case 'ServiceGroupUpdated':
      return state.status === 'registered' ? { ...state, group: event.data } : state;
    case 'ServiceGroupRemoved':
      return { status: 'removed' };
    case 'ServiceGroupMemberAdded':
      return state.status === 'registered' ? { ...state, services: [...state.services, event.data.service] } : state;
    case 'ServiceGroupMemberRemoved':
      return state.status === 'registered' ? { ...state, services: state.services.filter((s) => s !== event.data.service) } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const serviceGroupDecider: ViewDecider<ServiceGroupCommand, ServiceGroupState, ServiceGroupEvent, TopologyView> = {
  decide: decideServiceGroup,
  evolve: evolveServiceGroup,
  initialState: initialServiceGroupState,
};

function registered(state: ServiceGroupState, name: string): Registered {
  if (state.status !== 'registered') throw new NotFound('serviceGroup', name);
  return state;
}

function requireService(view: TopologyView, service: string): void {
  if (!view.services.has(service)) throw new RuleViolation('UNKNOWN_SERVICE', `no service with id ${service}`, 'services');
}
