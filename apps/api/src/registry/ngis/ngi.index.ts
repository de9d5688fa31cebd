import { evolveNgi, initialNgiState, type NgiData, type NgiEvent, type NgiState } from '@vigil/domain';
import type { EntityIndexDefinition } from '../shared/entity-index';
import { categoryOf } from '../shared/registry-streams';

export const NGI_EVENT_TYPES: readonly NgiEvent['type'][] = ['NgiRegistered', 'NgiUpdated', 'NgiRemoved'];

/** NGIs by name, as GET /api/v1/ngis shows them. */
export const ngiIndex: EntityIndexDefinition<NgiState, NgiData> = {
  entity: 'ngi',
  category: categoryOf('ngi'),
  types: NGI_EVENT_TYPES,
  evolve: (state, event) => evolveNgi(state ?? initialNgiState(), event as unknown as NgiEvent),
  exists: (state) => state.status === 'registered',
  present: (state) => (state as Extract<NgiState, { status: 'registered' }>).ngi,
};
