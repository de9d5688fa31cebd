import { NotFound, RuleViolation } from '../shared/rule-violation';
import { definedOnly, requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import type { NgiData, NgiEvent } from './topology.events';
import type { TopologyView } from './topology-view';
import { ngiNameTaken, sitesOfNgi } from './topology-view';

type NgiContacts = Partial<Pick<NgiData, 'rodEmail' | 'helpdeskEmail' | 'securityEmail' | 'scopes'>>;

export type NgiCommand =
  | ({ type: 'RegisterNgi'; name: string; email: string } & NgiContacts)
  | ({ type: 'UpdateNgi'; name: string; email?: string } & NgiContacts)
  | { type: 'RemoveNgi'; name: string };

export type NgiState = { status: 'none' } | { status: 'registered'; ngi: NgiData } | { status: 'removed' };

export const initialNgiState = (): NgiState => ({ status: 'none' });

export function decideNgi(command: NgiCommand, state: NgiState, view: TopologyView, _now: number): NgiEvent[] {
  switch (command.type) {
    case 'RegisterNgi': {
      if (state.status === 'registered') throw new RuleViolation('NGI_ALREADY_REGISTERED', `NGI ${command.name} already exists`, 'name');
      requireText(command.name, 'NGI_NAME_REQUIRED', 'name');
      if (ngiNameTaken(view, command.name)) throw new RuleViolation('NGI_NAME_TAKEN', `an NGI named ${command.name} already exists`, 'name');
      const ngi: NgiData = {
        name: command.name,
        email: requireText(command.email, 'NGI_EMAIL_REQUIRED', 'email'),
        rodEmail: command.rodEmail ?? null,
        helpdeskEmail: command.helpdeskEmail ?? null,
        securityEmail: command.securityEmail ?? null,
        scopes: command.scopes ?? [],
      };
      return [{ type: 'NgiRegistered', data: ngiData(ngi) }];
    }
    case 'UpdateNgi': {
      const current = registered(state, command.name);
      const { type: _type, ...patch } = command;
      const ngi: NgiData = { ...current, ...definedOnly(patch), name: current.name };
      requireText(ngi.email, 'NGI_EMAIL_REQUIRED', 'email');
      return [{ type: 'NgiUpdated', data: ngiData(ngi) }];
    }
    case 'RemoveNgi': {
      const current = registered(state, command.name);
      const sites = sitesOfNgi(view, current.name);
      if (sites.length > 0) {
        throw new RuleViolation('NGI_HAS_SITES', `NGI ${current.name} still has ${sites.length} site(s); remove or move them first`);
      }
      return [{ type: 'NgiRemoved', data: { name: current.name } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown NGI command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveNgi(state: NgiState, event: NgiEvent): NgiState {
  switch (event.type) {
    case 'NgiRegistered':
    case 'NgiUpdated':
      return { status: 'registered', ngi: event.data };
    case 'NgiRemoved':
      return { status: 'removed' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const ngiDecider: ViewDecider<NgiCommand, NgiState, NgiEvent, TopologyView> = {
  decide: decideNgi,
  evolve: evolveNgi,
  initialState: initialNgiState,
};

function registered(state: NgiState, name: string): NgiData {
  if (state.status !== 'registered') throw new NotFound('ngi', name);
  return state.ngi;
}

/** Exactly the event's fields: no stray command fields leak into the event. */
const ngiData = (n: NgiData): NgiData => ({
  name: n.name,
  email: n.email,
  rodEmail: n.rodEmail,
  helpdeskEmail: n.helpdeskEmail,
  securityEmail: n.securityEmail,
  scopes: n.scopes,
});
