import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/transport-node';
import { JetStreamEventStore } from '@vigil/event-store';
import { connectNats } from '@vigil/messaging';
import { repoRoot, runVigil } from '../../../../test/support/cli';
import type { ProfileSetData } from '@vigil/argo';

const fixtures = path.resolve(repoRoot, '../shared/fixtures/argo');
const NATS_URL = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';
const tenant = `argo${randomUUID().slice(0, 8)}`;

const vigil = (...args: string[]) => runVigil(args, { VIGIL_NATS_URL: NATS_URL });

const ALL_STREAMS = ['operations', 'aggregation', 'metric-profile', 'thresholds', 'report', 'weights', 'topology-endpoints', 'topology-groups', 'downtimes'];

// Each run starts the CLI from TypeScript sources: seconds apiece on a busy machine.
describe('vigil argo import', { timeout: 120_000 }, () => {
  let nc: NatsConnection;
  let store: JetStreamEventStore;
  let dir: string;
  let args: string[];
  const events = (id: string, t = tenant) => store.readStream({ tenant: t, category: 'profile', id });

  beforeAll(async () => {
    nc = await connectNats(NATS_URL, 'argo-import-cli-spec');
    store = await JetStreamEventStore.open(nc);
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-argo-import-'));
    await copyFile(path.join(fixtures, 'batch-day/threshold.json'), path.join(dir, 'threshold.json'));
    const day = (file: string) => path.join(fixtures, 'batch-day', file);
    args = ['argo', 'import', '--tenant', tenant,
      '--operations', day('operations.json'), '--aggregation', day('aggregations.json'),
      '--metric-profile', day('metric_profiles.json'), '--thresholds', path.join(dir, 'threshold.json'),
      '--config', day('config.json'), '--topology-endpoints', day('topology_endpoints.json'),
      '--topology-groups', day('topology_groups.json'), '--downtimes', day('downtimes.json'),
      '--weights', path.join(fixtures, 'egi/weights_v2.avro')];
  });

  afterAll(async () => {
    await nc?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('first import appends one event per profile and feed, with the normalised profile as data', async () => {
    const { code, stdout } = await vigil(...args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ tenant, appended: ALL_STREAMS, unchanged: [] });

    const [operations] = await events('operations');
    expect(operations.type).toBe('OperationsProfileSet');
    const data = operations.data as ProfileSetData;
    expect(data).toMatchObject({ name: 'egi_ops', source: 'operations.json' });
    expect(JSON.parse(data.profile)).toMatchObject({ available_states: ['OK', 'WARNING', 'UNKNOWN', 'MISSING', 'CRITICAL', 'DOWNTIME'] });
    const [weights] = await events('weights');
    expect(Object.keys(JSON.parse((weights.data as ProfileSetData).profile)).length).toBe(342);
  });

  it('a second import of the same files appends nothing', async () => {
    const { code, stdout } = await vigil(...args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ tenant, appended: [], unchanged: ALL_STREAMS });
    expect(await events('thresholds')).toHaveLength(1);
  });

  it('a changed thresholds file appends exactly one event, which the stream then ends with', async () => {
    const file = path.join(dir, 'threshold.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('time=1s;0:0.5;0.5:1;0;10', 'time=1s;0:0.8;0.8:2;0;10'));
    const { code, stdout } = await vigil(...args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ tenant, appended: ['thresholds'], unchanged: ALL_STREAMS.filter((s) => s !== 'thresholds') });
    const thresholds = await events('thresholds');
    expect(thresholds).toHaveLength(2);
    expect(JSON.parse((thresholds[1].data as ProfileSetData).profile).rules[0].thresholds).toBe('time=1s;0:0.8;0.8:2;0;10');
  });

  it('--status-settings appends the settings once, filled with defaults; a bad settings file names its field', async () => {
    const other = `argo${randomUUID().slice(0, 8)}`;
    const file = path.join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({ metricFreshness: [{ metric: 'org.sam.SRM-Put', seconds: 900 }], downtimeOverlay: [] }));
    const first = await vigil('argo', 'import', '--tenant', other, '--status-settings', file);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ tenant: other, appended: ['status-settings'], unchanged: [] });
    const [set] = await events('status-settings', other);
    expect(set.type).toBe('StatusSettingsSet');
    expect(set.data).toEqual({ defaultFreshnessSeconds: 86400, metricFreshness: [{ metric: 'org.sam.SRM-Put', seconds: 900 }], downtimeOverlay: [], source: 'settings.json' });

    await writeFile(file, JSON.stringify({ defaultFreshnessSeconds: 0 }));
    const bad = await vigil('argo', 'import', '--tenant', other, '--status-settings', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}: defaultFreshnessSeconds must be an integer number of seconds`);
    expect(await events('status-settings', other)).toHaveLength(1);
  });

  it('a bad file fails with its name and field, and nothing of the import is appended', async () => {
    const other = `argo${randomUUID().slice(0, 8)}`;
    const bad = path.join(dir, 'bad-aggregation.json');
    await writeFile(bad, JSON.stringify({ status: {}, data: [{ name: 'x', metric_operation: 'AND', groups: [] }] }));
    const { code, stdout, stderr } = await vigil('argo', 'import', '--tenant', other,
      '--operations', path.join(fixtures, 'egi/EGI-algorithm.json'), '--aggregation', bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${bad}: aggregation.profile_operation must be a string`);
    expect(await events('operations', other)).toEqual([]);
  });
});
