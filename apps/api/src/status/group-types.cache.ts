import { Inject, Injectable } from '@nestjs/common';
import { CLICKHOUSE } from '@vigil/platform';
import { endpointGroupTypes, sql, type ClickHouse } from '@vigil/read-models';

/** How long a tenant's group types are reused: a group's type (site or service group) practically never changes. */
const TTL_MS = 30_000;

interface Snapshot {
  loadedAt: number;
  types: Promise<Map<string, string>>;
}

/**
 * The ARGO type of each endpoint group (its topology group type, e.g. SITES), per tenant: one read
 * of the tenant's groups every TTL_MS instead of one query per request; a name the snapshot does
 * not hold (a group added since) is read at once, so a new group never waits for the next refresh.
 */
@Injectable()
export class GroupTypes {
  private readonly tenants = new Map<string, Snapshot>();

  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse) {}

  async of(tenant: string, names: readonly string[]): Promise<Map<string, string>> {
    const known = await this.snapshot(tenant);
    const wanted = [...new Set(names)];
    const missing = wanted.filter((n) => !known.has(n));
    const fresh = missing.length > 0 ? await endpointGroupTypes(this.clickhouse, tenant, missing) : new Map<string, string>();
    return new Map(wanted.flatMap((n) => (known.has(n) ? [[n, known.get(n)!]] : fresh.has(n) ? [[n, fresh.get(n)!]] : [])));
  }

  private snapshot(tenant: string): Promise<Map<string, string>> {
    const current = this.tenants.get(tenant);
    if (current && Date.now() - current.loadedAt < TTL_MS) return current.types;
    // Concurrent requests share one read; a failed read is not kept.
    const types = this.load(tenant).catch((err: unknown) => {
      if (this.tenants.get(tenant)?.types === types) this.tenants.delete(tenant);
      throw err;
    });
    this.tenants.set(tenant, { loadedAt: Date.now(), types });
    return types;
  }

  private async load(tenant: string): Promise<Map<string, string>> {
    const rows = await this.clickhouse.query<{ endpoint_group: string; last_type: string }>(sql`
      SELECT endpoint_group, argMax(group_type, (valid_from, position)) AS last_type
      FROM topology_groups
      WHERE tenant = ${tenant}
      GROUP BY endpoint_group`);
    return new Map(rows.map((r) => [r.endpoint_group, r.last_type]));
  }
}
