import { describe, expect, it } from 'vitest';
import { randomRun, useTestDatabase } from '@vigil/testing';
import { GroupTypes } from './group-types.cache';

const db = useTestDatabase('vigil_group_types');
const tenant = `t_${randomRun()}`;

const group = (endpoint_group: string, group_type: string, position: number, tenantId = tenant) => ({
  tenant: tenantId,
  endpoint_group,
  group_type,
  supergroup: 'NGI_IT',
  tags: '',
  valid_from: new Date(Date.UTC(2025, 0, 1)),
  position,
  removed: 0,
});

describe('GroupTypes', () => {
  it("gives each named group's type from the tenant's topology, and leaves out unknown names and other tenants' groups", async () => {
    await db.clickhouse.insert('topology_groups', [group('SITE-A', 'SITES', 1), group('SG-1', 'SERVICEGROUPS', 2), group('SITE-OTHER', 'SITES', 3, `other_${tenant}`)]);
    const types = new GroupTypes(db.clickhouse);
    expect(await types.of(tenant, ['SITE-A', 'SG-1', 'SITE-A', 'NOWHERE', 'SITE-OTHER'])).toEqual(
      new Map([
        ['SITE-A', 'SITES'],
        ['SG-1', 'SERVICEGROUPS'],
      ]),
    );
  });

  it('sees a group added after its snapshot at once', async () => {
    const types = new GroupTypes(db.clickhouse);
    expect(await types.of(tenant, ['SITE-A'])).toEqual(new Map([['SITE-A', 'SITES']]));
    await db.clickhouse.insert('topology_groups', [group('SITE-NEW', 'SITES', 4)]);
    expect(await types.of(tenant, ['SITE-NEW', 'SITE-A'])).toEqual(
      new Map([
        ['SITE-NEW', 'SITES'],
        ['SITE-A', 'SITES'],
      ]),
    );
  });
});
