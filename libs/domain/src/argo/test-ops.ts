import { Operations, type OperationsProfile } from './operations';

const STATES = ['OK', 'WARNING', 'UNKNOWN', 'MISSING', 'CRITICAL', 'DOWNTIME'];
// EGI's AND as ARGO ships it (upper triangle only): the worse status wins, CRITICAL beats DOWNTIME.
const AND_ORDER = ['OK', 'WARNING', 'UNKNOWN', 'MISSING', 'DOWNTIME', 'CRITICAL'];
const OR_ORDER = ['CRITICAL', 'DOWNTIME', 'MISSING', 'UNKNOWN', 'WARNING', 'OK'];

function table(order: string[]) {
  const rows = [];
  for (let i = 0; i < STATES.length; i++)
    for (let j = i; j < STATES.length; j++) {
      const a = STATES[i];
      const b = STATES[j];
      rows.push({ a, b, x: order.indexOf(a) > order.indexOf(b) ? a : b });
    }
  return rows;
}

export const egiProfile: OperationsProfile = {
  available_states: STATES,
  defaults: { down: 'DOWNTIME', missing: 'MISSING', unknown: 'UNKNOWN' },
  operations: [
    { name: 'AND', truth_table: table(AND_ORDER) },
    { name: 'OR', truth_table: table(OR_ORDER) },
  ],
};

/** Test helper: the EGI operations profile. */
export const egiOps = (): Operations => new Operations(egiProfile);
