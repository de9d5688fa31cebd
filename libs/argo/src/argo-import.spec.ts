import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '@vigil/event-store';
import { checkAggregationOperations, importProfiles, readArgoFiles } from './argo-import';
import { canonicalJson } from './profile-streams';

const egi = path.resolve(__dirname, '../../../../shared/fixtures/argo/egi');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-argo-import-unit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const groups = (rows: object[]) => JSON.stringify({ status: { code: '200' }, data: rows });
const site = (subgroup: string, date: string) => ({ date, group: 'NGI_A', type: 'NGI', subgroup, tags: { scope: 'EGI' } });

describe('argo import', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }));
  });

  it('a feed re-exported in another row order and on another date is unchanged', async () => {
    const first = path.join(dir, 'groups-1.json');
    const second = path.join(dir, 'groups-2.json');
    await writeFile(first, groups([site('SITE-A', '2024-03-01'), site('SITE-B', '2024-03-01')]));
    await writeFile(second, groups([site('SITE-B', '2024-03-02'), site('SITE-A', '2024-03-02')]));
    const store = new MemoryEventStore();

    await importProfiles(store, 't', await readArgoFiles({ 'topology-groups': first }));
    const again = await importProfiles(store, 't', await readArgoFiles({ 'topology-groups': second }));

    expect(again).toEqual({ tenant: 't', appended: [], unchanged: ['topology-groups'] });
  });

  it('refuses an aggregation profile using an operation the tenant\'s imported operations profile lacks', async () => {
    const store = new MemoryEventStore();
    await importProfiles(store, 't', await readArgoFiles({ operations: path.join(egi, 'EGI-algorithm.json') }));
    const aggregation = path.join(dir, 'aggregation.json');
    await writeFile(aggregation, JSON.stringify({ name: 'p', metric_operation: 'AND', profile_operation: 'AND',
      groups: [{ name: 'compute', operation: 'OR', services: [{ name: 'CREAM-CE', operation: 'MAJORITY' }] }] }));

    const imports = await readArgoFiles({ aggregation });
    await expect(checkAggregationOperations(store, 't', imports)).rejects.toThrow(
      `${aggregation}: service CREAM-CE of group compute uses operation 'MAJORITY', not in the operations profile (AND, OR)`,
    );
  });

  it('refuses an operations profile whose truth table names a status it does not declare', async () => {
    const operations = path.join(dir, 'operations.json');
    await writeFile(operations, JSON.stringify({ name: 'ops', available_states: ['OK', 'CRITICAL'],
      defaults: { down: 'CRITICAL', missing: 'CRITICAL', unknown: 'CRITICAL' },
      operations: [{ name: 'AND', truth_table: [{ a: 'OK', b: 'WARNING', x: 'WARNING' }] }] }));
    await expect(readArgoFiles({ operations })).rejects.toThrow(`${operations}: operations profile is inconsistent: unknown status 'WARNING'`);
  });
});
