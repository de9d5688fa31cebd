import { combineWith, Operations, type StatusId } from '../argo/operations';
import { ThresholdRules } from '../argo/threshold-rule';
import { AP1_AGGREGATION_PROFILE } from './defaults/ap1-aggregation.profile';
import { EGI_OPERATIONS_PROFILE } from './defaults/egi-operations.profile';
import type { StatusProfiles } from './status.types';

/** No status (yet, or any more): the item is not in the tree's aggregation. */
export const NO_STATUS = -1;

export const defaultStatusProfiles = (): StatusProfiles => ({
  operations: EGI_OPERATIONS_PROFILE,
  aggregation: AP1_AGGREGATION_PROFILE,
  metricProfile: { services: [] },
  thresholds: [],
});

export interface FunctionDef {
  name: string;
  table: Int8Array;
}

/** Profiles turned into lookups for the hot path; throws on a profile that names unknown operations. */
export class CompiledProfiles {
  readonly ops: Operations;
  readonly n: number;
  readonly metricTable: Int8Array;
  readonly profileTable: Int8Array;
  /** Service type → its operation's table (only types the aggregation profile names). */
  readonly serviceTable = new Map<string, Int8Array>();
  /** Service type → the functions (aggregation groups) it belongs to, in profile order. */
  readonly functionsOf = new Map<string, FunctionDef[]>();
  /** Service type → expected metrics (only types the aggregation profile names, as ARGO does). */
  readonly metricsOf = new Map<string, string[]>();
  readonly thresholds: ThresholdRules | undefined;
  private readonly ids: Map<string, StatusId>;

  constructor(readonly profiles: StatusProfiles) {
    const ops = new Operations(profiles.operations);
    this.ops = ops;
    this.n = ops.states.length;
    this.ids = new Map(ops.states.map((name, id) => [name, id]));
    this.metricTable = ops.table(profiles.aggregation.metric_operation);
    this.profileTable = ops.table(profiles.aggregation.profile_operation);
    for (const f of profiles.aggregation.groups) {
      const fn = { name: f.name, table: ops.table(f.operation) };
      for (const s of f.services) {
        this.serviceTable.set(s.name, ops.table(s.operation));
        this.functionsOf.set(s.name, [...(this.functionsOf.get(s.name) ?? []), fn]);
      }
    }
    for (const s of profiles.metricProfile.services) {
      if (!this.serviceTable.has(s.service)) continue;
      const metrics = new Set([...(this.metricsOf.get(s.service) ?? []), ...s.metrics]);
      this.metricsOf.set(s.service, [...metrics]);
    }
    this.thresholds = profiles.thresholds.length > 0 ? new ThresholdRules(profiles.thresholds) : undefined;
  }

  /**
   * Combines the distinct statuses present among a node's children (counts per status) in profile
   * order through the truth table; a pair the table leaves undefined gives the profile's unknown.
   */
  fold(table: Int8Array, counts: Int32Array): StatusId {
    let acc = NO_STATUS;
    for (let s = 0; s < this.n; s++) {
      if (counts[s] === 0) continue;
      if (acc === NO_STATUS) acc = s;
      else {
        const x = combineWith(table, this.n, this.ops.excluded, acc, s);
        acc = x === -1 ? this.ops.unknown : x;
      }
    }
    return acc;
  }

  /** The id of a status name, NO_STATUS for a name the profile does not know. */
  statusId(name: string): StatusId {
    return this.ids.get(name) ?? NO_STATUS;
  }

  /** A kept result's status under these profiles: a name they do not know reads as their unknown. */
  storedStatusId(name: string): StatusId {
    return this.ids.get(name) ?? this.ops.unknown;
  }

  /** A result's status after thresholds; a status the profile does not know reads as its unknown. */
  judge(group: string, hostname: string, metric: string, status: string, actualData: string | null): StatusId {
    const ops = this.ops;
    if (!ops.has(status)) return ops.unknown;
    if (!this.thresholds || !actualData) return ops.id(status);
    const outcome = this.thresholds.evaluate(group, hostname, metric, actualData, (a, b) => ops.name(ops.combine('AND', ops.id(a), ops.id(b))));
    return outcome && ops.has(outcome.status) ? ops.id(outcome.status) : ops.id(status);
  }
}
