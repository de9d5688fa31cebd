import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { generateHistory, generateTopology } from '@vigil/demo';
import { createClickHouse, sql } from '@vigil/read-models';
import { demoCommand } from '../../apps/cli/src/commands/demo.command';
import { clickhouseUrl } from '../support/servers';
import { randomPlatformDatabase, startPlatformApp, type PlatformTestApp } from '../support/platform-app';

const database = randomPlatformDatabase('vigil_demo');
const tiny = { seed: 1, ngis: 2, sites: 4, endpoints: 20 };
const argv = (tenant: string) => ['--tenant', tenant, '--ngis', '2', '--sites', '4', '--endpoints', '20', '--days', '1'];

/** Runs `vigil demo` in-process; returns its exit code and what it printed on stdout and stderr. */
async function runDemo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await demoCommand.run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('vigil demo against a running platform', () => {
  let platform: PlatformTestApp;
  const ch = createClickHouse({ url: clickhouseUrl, database });

  beforeAll(async () => {
    platform = await startPlatformApp(database);
  }, 60_000);

  afterAll(async () => {
    await ch.close();
    await platform.close();
  });

  it('feeds a generated registry and a day of results, exits once every result is in metric_results and statuses are in status_current', async () => {
    const tenant = `demo${randomUUID().slice(0, 6)}`;
    const { code, stdout, stderr } = await runDemo(argv(tenant));
    expect(code, stderr).toBe(0);
    const expected = generateHistory(generateTopology(tiny), { seed: 1, start: 0, end: 86_400_000 }).total;
    // Read right after exit, without waiting: the demo only returns once the projectors caught up.
    const [{ results }] = await ch.query<{ results: string }>(sql`SELECT count() AS results FROM metric_results FINAL WHERE tenant = ${tenant}`);
    expect(Number(results)).toBe(expected);
    const levels = await ch.query<{ level: string; items: string }>(sql`SELECT level, count() AS items FROM status_current FINAL WHERE tenant = ${tenant} GROUP BY level ORDER BY level`);
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, Number(l.items)]));
    expect(byLevel).toMatchObject({ supergroup: 2, group: 4, endpoint: 20 });
    expect(byLevel.metric).toBeGreaterThan(20);
    expect(stdout).toContain(`${expected.toLocaleString('en')} probe results`);
    expect(stdout).toMatch(/curl -H "Authorization: Bearer \$KEY" http:\/\/127\.0\.0\.1:\d+\/api\/v1\/sites/);
    expect(stdout).toContain(`FROM status_current FINAL WHERE tenant = '${tenant}'`);
    expect(stderr).toContain('sending');
  }, 120_000);

  it('a second run with the same options appends no registry event', async () => {
    const tenant = `demo${randomUUID().slice(0, 6)}`;
    expect((await runDemo(argv(tenant))).code).toBe(0);
    const again = await runDemo(argv(tenant));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`registry of ${tenant}: 0 events appended`);
    expect(again.stderr).toContain('profiles appended: none (unchanged)');
  }, 120_000);

  it('refuses impossible sizes before touching anything, naming the flag', async () => {
    await expect(runDemo(['--ngis', '5', '--sites', '4'])).rejects.toThrow(/sites \(4\) must be at least ngis \(5\)/);
    await expect(runDemo(['--days', '0'])).rejects.toThrow(/--days must be a number above 0/);
    await expect(runDemo(['--endpoints', 'many'])).rejects.toThrow(/--endpoints must be a whole number/);
  });

  it('says to start the platform when no projector writes to the configured database', async () => {
    process.env.VIGIL_CLICKHOUSE_DATABASE = `${database}_absent`;
    try {
      const { code, stderr } = await runDemo(argv(`demo${randomUUID().slice(0, 6)}`));
      expect(code).toBe(1);
      expect(stderr).toMatch(/start the platform first \(npm start\)/);
    } finally {
      process.env.VIGIL_CLICKHOUSE_DATABASE = database;
    }
  });
});
