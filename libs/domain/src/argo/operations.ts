/** ARGO operations profile: status names, defaults and truth tables, as compact integer lookups. */
export interface TruthRow {
  a: string;
  b: string;
  x: string;
}

export interface OperationsProfile {
  name?: string;
  available_states: string[];
  defaults: { down: string; missing: string; unknown: string };
  operations: { name: string; truth_table: TruthRow[] }[];
}

/** Every profile has this extra state: combined with anything, the other side wins. */
export const EXCLUDED = 'EXCLUDED';

/** A status as an index into `Operations.states`. */
export type StatusId = number;

export class Operations {
  readonly states: string[];
  readonly down: StatusId;
  readonly missing: StatusId;
  readonly unknown: StatusId;
  readonly excluded: StatusId;
  private readonly index = new Map<string, StatusId>();
  private readonly tables = new Map<string, Int8Array>();

  constructor(profile: OperationsProfile) {
    this.states = [...profile.available_states];
    if (!this.states.includes(EXCLUDED)) this.states.push(EXCLUDED);
    this.states.forEach((s, i) => this.index.set(s, i));
    this.down = this.id(profile.defaults.down);
    this.missing = this.id(profile.defaults.missing);
    this.unknown = this.id(profile.defaults.unknown);
    this.excluded = this.id(EXCLUDED);
    for (const op of profile.operations) this.tables.set(op.name, this.buildTable(op.truth_table));
  }

  /** The id of a status name; throws on a name the profile does not know. */
  id(status: string): StatusId {
    const i = this.index.get(status);
    if (i === undefined) throw new Error(`unknown status '${status}' (profile states: ${this.states.join(', ')})`);
    return i;
  }

  has(status: string): boolean {
    return this.index.has(status);
  }

  name(id: StatusId): string {
    return this.states[id];
  }

  hasOperation(op: string): boolean {
    return this.tables.has(op);
  }

  /** The truth table of `op` as a flat n×n lookup (-1 where undefined both ways). */
  table(op: string): Int8Array {
    const t = this.tables.get(op);
    if (!t) throw new Error(`unknown operation '${op}' (profile has: ${[...this.tables.keys()].join(', ')})`);
    return t;
  }

  /** Combines two statuses: EXCLUDED yields the other side, else the table (a, b) then (b, a). */
  combine(op: string, a: StatusId, b: StatusId): StatusId {
    return combineWith(this.table(op), this.states.length, this.excluded, a, b);
  }

  private buildTable(rows: TruthRow[]): Int8Array {
    const n = this.states.length;
    const t = new Int8Array(n * n).fill(-1);
    for (const r of rows) t[this.id(r.a) * n + this.id(r.b)] = this.id(r.x);
    // Triangular tables: fill the mirror where only one direction is given.
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) if (t[a * n + b] === -1) t[a * n + b] = t[b * n + a];
    return t;
  }
}

/** Hot-path combination over a prebuilt table; -1 when the table has no entry. */
export function combineWith(table: Int8Array, n: number, excluded: StatusId, a: StatusId, b: StatusId): StatusId {
  if (a === excluded) return b;
  if (b === excluded) return a;
  return table[a * n + b];
}
