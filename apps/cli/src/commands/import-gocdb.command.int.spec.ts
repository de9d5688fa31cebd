import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runVigil } from '../../../../test/support/cli';

const fixtures = path.join(repoRoot, 'test/fixtures/gocdb');

/** Runs `vigil import gocdb …` as a user would; resolves with the exit code and both outputs. */
const vigil = (...args: string[]) => runVigil(['import', 'gocdb', ...args]);

const all = ['--sites', 'sites.xml', '--services', 'services.xml', '--service-groups', 'service-groups.xml', '--downtimes', 'downtimes.xml'].map((a) =>
  a.endsWith('.xml') ? path.join(fixtures, a) : a,
);

describe('vigil import gocdb', () => {
  it('imports the fixtures (exit 0), then finds nothing to append the second time', async () => {
    const tenant = `cli-${randomUUID().slice(0, 8)}`;
    const first = await vigil('--tenant', tenant, ...all, '--json');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ tenant, changed: 266, unchanged: 0, skipped: [] });
    expect(summary.appended).toBeGreaterThan(266);
    expect(summary.events).toMatchObject({ SiteRegistered: 23, DowntimeDeclared: 16 });

    const second = await vigil('--tenant', tenant, ...all);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`^GOCDB import into tenant ${tenant}: 0 event\\(s\\) appended, 0 record\\(s\\) changed, 260 unchanged, 0 skipped`));
  });

  it('exits 1 and lists what it skipped, keys and reasons, when a file is malformed or a record breaks a rule', async () => {
    const tenant = `cli-${randomUUID().slice(0, 8)}`;
    const result = await vigil('--tenant', tenant, '--sites', path.join(fixtures, 'sites.xml'), '--services', path.join(fixtures, 'broken-services.xml'), '--downtimes', path.join(fixtures, 'broken-sites.xml'), '--json');
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.records.site.changed).toBe(23);
    expect(summary.skipped.map((s: { kind: string; key: string; code: string }) => `${s.kind} ${s.key} ${s.code}`)).toEqual([
      'service 8002G0 INVALID_RECORD',
      `file ${path.join(fixtures, 'broken-sites.xml')} MALFORMED_XML`,
      'service 8001G0 PRODUCTION_SERVICE_NOT_MONITORED',
      'service 8003G0 UNKNOWN_SITE',
    ]);
  });

  it('prints skipped records in the human summary too', async () => {
    const result = await vigil('--tenant', `cli-${randomUUID().slice(0, 8)}`, '--services', path.join(fixtures, 'broken-services.xml'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('service 8001G0 (arc-ce09.gridka.de ARC-CE): UNKNOWN_SITE: no site named FZK-LCG2');
  });

  it('reports a missing file as skipped', async () => {
    const result = await vigil('--tenant', `cli-${randomUUID().slice(0, 8)}`, '--sites', '/nonexistent/sites.xml', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).skipped).toEqual([{ kind: 'file', key: '/nonexistent/sites.xml', code: 'UNREADABLE', reason: expect.stringContaining('ENOENT') }]);
  });

  it('exits 2 with usage help when there is nothing to import or the options are wrong', async () => {
    const none = await vigil();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing to import');
    expect((await vigil('--sites')).code).toBe(2);
    const both = await vigil('--url', 'https://goc.example.org/gocdbpi/public/', '--sites', 'x.xml');
    expect([both.code, both.stderr.includes('give either --url or files')]).toEqual([2, true]);
    expect(none.stdout).toBe('');
  });
});
