import type { StatusId } from '../argo/operations';
import { NO_STATUS } from './status-profiles';

/** A node that aggregates its children: how many children hold each status. */
export interface Aggregate {
  status: StatusId;
  counts: Int32Array;
  dirty: boolean;
}

export interface MetricNode {
  name: string;
  status: StatusId;
  /** When it turns MISSING unless a fresher result arrives (Infinity once MISSING). */
  expiry: number;
  freshness: number;
}

export interface ResultState {
  timestamp: number;
  status: string;
  actualData: string | null;
  /** The status as an id of the current operations profile (NO_STATUS when it knows no such name). */
  sid: StatusId;
}

/** Everything known about one hostname × service type, whatever the topology says. */
export interface HostEntry {
  service: string;
  hostname: string;
  results: Map<string, ResultState>;
  /** Its endpoint nodes, one per endpoint group it is monitored in. */
  nodes: EndpointNode[];
  downtimes: Set<string>;
}

export interface EndpointNode extends Aggregate {
  host: HostEntry;
  service: ServiceNode;
  appearedAt: number;
  metrics: MetricNode[];
  byName: Map<string, MetricNode>;
  downtime: boolean;
  removed: boolean;
}

export interface ServiceNode extends Aggregate {
  name: string;
  group: GroupNode;
  table: Int8Array;
  /** The function named in keys below the function level: the first aggregation group holding the service. */
  fn: string;
  functions: FunctionNode[];
  endpoints: Map<string, EndpointNode>;
}

export interface FunctionNode extends Aggregate {
  name: string;
  group: GroupNode;
  table: Int8Array;
  members: number;
}

export interface GroupNode extends Aggregate {
  name: string;
  supergroup: SupergroupNode | undefined;
  services: Map<string, ServiceNode>;
  functions: Map<string, FunctionNode>;
}

export interface SupergroupNode extends Aggregate {
  name: string;
  groups: Map<string, GroupNode>;
}

export const aggregate = (n: number): Aggregate => ({ status: NO_STATUS, counts: new Int32Array(n), dirty: false });

/** Moves one child from status `from` to `to` in its parent's counts. */
export function recount(parent: Aggregate, from: StatusId, to: StatusId): void {
  if (from !== NO_STATUS) parent.counts[from]--;
  if (to !== NO_STATUS) parent.counts[to]++;
}
