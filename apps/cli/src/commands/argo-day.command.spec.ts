import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { runArgoDay, type ArgoDayFiles } from '@vigil/argo';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures/argo/batch-day');
const at = (name: string) => path.join(fixtures, name);

const files: ArgoDayFiles = {
  metricData: at('metric_data.avro'),
  previousDay: at('previous_day.avro'),
  config: at('config.json'),
  operations: at('operations.json'),
  aggregation: at('aggregations.json'),
  metricProfile: at('metric_profiles.json'),
  topologyEndpoints: at('topology_endpoints.json'),
  topologyGroups: at('topology_groups.json'),
  downtimes: at('downtimes.json'),
  thresholds: at('threshold.json'),
  recomputations: at('recomp.json'),
};

/** Rows as a sorted list of canonical JSON strings, so order and key order do not matter. */
const rowSet = (rows: object[]) =>
  rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))).sort();

const expected = async (name: string) => rowSet(JSON.parse(await readFile(at(name), 'utf8')));

describe('vigil argo day over ARGO batch-day fixtures (2022-01-14)', () => {
  it('produces exactly ARGO’s endpoint, service and endpoint-group status rows', async () => {
    const out = await runArgoDay('2022-01-14', files);
    expect(rowSet(out['status_endpoint.json'])).toEqual(await expected('statusendpoint.json'));
    expect(rowSet(out['status_service.json'])).toEqual(await expected('statusservice.json'));
    expect(rowSet(out['status_group.json'])).toEqual(await expected('statusgroup.json'));
  });

  it('reports A/R per endpoint group with the downtime of Group_3 counted as down', async () => {
    const out = await runArgoDay('2022-01-14', files);
    const group3 = out['ar_group.json'].find((r) => r.group === 'Group_3');
    // OK 0-3h, WARNING 3-13h, CRITICAL 13-18h, DOWNTIME 18-24h.
    expect(group3).toEqual({ group: 'Group_3', supergroup: 'GROUP_C', availability: 54.16667, reliability: 72.22222, up: 0.54167, unknown: 0, down: 0.25 });
  });

  it('names the file and the problem when an input is malformed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'argo-day-'));
    const broken = path.join(dir, 'operations.json');
    await writeFile(broken, '{"status":{"code":"200"},"data":[{"available_states":["OK"]}]}');
    await expect(runArgoDay('2022-01-14', { ...files, operations: broken })).rejects.toThrow(`${broken}: operations.defaults must be an object`);
  });
});
