import { downtimeDecider, ngiDecider, RuleViolation, serviceDecider, siteDecider, type SiteCommand } from '@vigil/domain';
import { ConcurrencyError, MemoryEventStore } from '@vigil/event-store';
import { afterEach, describe, expect, it } from 'vitest';
import { REGISTRY_INDEX_DEFINITIONS } from '../registry-indexes';
import { siteIndex } from '../sites/site.index';
import { CommandRunner } from './command-runner';
import { registryStream } from './registry-streams';
import { RegistryViews } from './registry-views.service';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 5, 2, 10);

function setup(store = new MemoryEventStore(), head = async () => -1) {
  const views = new RegistryViews(store, head, REGISTRY_INDEX_DEFINITIONS);
  const clock = { now: NOW };
  return { store, views, clock, runner: new CommandRunner(store, () => clock.now, views) };
}

let opened: RegistryViews[] = [];
afterEach(() => {
  for (const v of opened) v.onApplicationShutdown();
  opened = [];
});

const registerSite = (shortName: string): Extract<SiteCommand, { type: 'RegisterSite' }> => ({
  type: 'RegisterSite',
  shortName,
  officialName: shortName,
  ngi: 'NGI_XX',
  country: 'Italy',
  timezone: 'Europe/Rome',
  domain: 'example.org',
});

async function withNgi(t = setup(), tenant = 't1') {
  opened.push(t.views);
  await t.runner.run(ngiDecider, registryStream(tenant, 'ngi', 'NGI_XX'), { type: 'RegisterNgi', name: 'NGI_XX', email: 'ops@example.org' });
  return t;
}

describe('CommandRunner', () => {
  it('decides against a view that already shows the previous write', async () => {
    const { runner, views } = await withNgi();
    const outcome = await runner.run(siteDecider, registryStream('t1', 'site', 'SITE-A'), registerSite('SITE-A'));
    expect(outcome).toMatchObject({ revision: 0, changed: true });
    expect((await views.index('t1', siteIndex)).get('SITE-A')).toMatchObject({ shortName: 'SITE-A', ngi: 'NGI_XX', revision: 0 });
  });

  it('appends nothing when the domain rejects the command', async () => {
    const { runner, store } = await withNgi();
    const stream = registryStream('t1', 'site', 'SITE-X');
    await expect(runner.run(siteDecider, stream, { ...registerSite('SITE-X'), ngi: 'NGI_NONE' })).rejects.toBeInstanceOf(RuleViolation);
    expect(await store.readStream(stream)).toEqual([]);
  });

  it('keeps tenants apart: another tenant does not see this one’s NGI', async () => {
    const { runner } = await withNgi();
    await expect(runner.run(siteDecider, registryStream('t2', 'site', 'SITE-A'), registerSite('SITE-A'))).rejects.toMatchObject({ code: 'UNKNOWN_NGI' });
  });

  it('refuses a write whose expected revision is stale, appending nothing', async () => {
    const { runner, store } = await withNgi();
    const stream = registryStream('t1', 'site', 'SITE-A');
    await runner.run(siteDecider, stream, registerSite('SITE-A'));
    await runner.run(siteDecider, stream, { type: 'UpdateSite', shortName: 'SITE-A', country: 'France' }, 0);
    await expect(runner.run(siteDecider, stream, { type: 'UpdateSite', shortName: 'SITE-A', country: 'Spain' }, 0)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('serializes concurrent writes of a tenant, so two names differing only by case cannot both register', async () => {
    const { runner, store } = await withNgi();
    const results = await Promise.allSettled(
      ['SITE-A', 'site-a'].map((name) => runner.run(siteDecider, registryStream('t1', 'site', name), registerSite(name))),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lengths = await Promise.all(['SITE-A', 'site-a'].map((n) => store.readStream(registryStream('t1', 'site', n)).then((e) => e.length)));
    expect(lengths.sort()).toEqual([0, 1]);
  });

  it('reads time from the injected clock', async () => {
    const t = await withNgi();
    await t.runner.run(siteDecider, registryStream('t1', 'site', 'SITE-A'), registerSite('SITE-A'));
    await t.runner.run(
      serviceDecider,
      registryStream('t1', 'service', '1G0'),
      { type: 'RegisterService', id: '1G0', hostname: 'h.example.org', serviceType: 'SRM', site: 'SITE-A', production: true, monitored: true },
    );
    const declare = (id: string) =>
      t.runner.run(downtimeDecider, registryStream('t1', 'downtime', id), { type: 'DeclareDowntime', id, services: ['1G0'], severity: 'OUTAGE', start: NOW + 30 * HOUR, end: NOW + 40 * HOUR, description: 'x' });
    await declare('DT1');
    t.clock.now = NOW + 10 * HOUR;
    await declare('DT2');
    const [first, second] = await Promise.all(['DT1', 'DT2'].map((id) => t.store.readStream(registryStream('t1', 'downtime', id))));
    expect((first[0].data as { classification: string }).classification).toBe('SCHEDULED');
    expect((second[0].data as { classification: string }).classification).toBe('UNSCHEDULED');
  });

  it('appends nothing and reports no change when the decision has no events', async () => {
    const t = await withNgi();
    await t.runner.run(siteDecider, registryStream('t1', 'site', 'SITE-A'), registerSite('SITE-A'));
    await t.runner.run(serviceDecider, registryStream('t1', 'service', '1G0'), {
      type: 'RegisterService', id: '1G0', hostname: 'h.example.org', serviceType: 'SRM', site: 'SITE-A', production: true, monitored: true,
    });
    const stream = registryStream('t1', 'downtime', 'DT1');
    await t.runner.run(downtimeDecider, stream, { type: 'DeclareDowntime', id: 'DT1', services: ['1G0'], severity: 'OUTAGE', start: NOW - HOUR, end: NOW + 30_000, description: 'x' });
    expect(await t.runner.run(downtimeDecider, stream, { type: 'EndDowntimeNow', id: 'DT1' })).toMatchObject({ revision: 0, changed: false });
    expect(await t.store.readStream(stream)).toHaveLength(1);
  });

  it('replays what is already stored before a new process decides', async () => {
    const first = await withNgi();
    const { position } = await first.store.append(registryStream('t1', 'site', 'SITE-A'), [{ type: 'SiteRegistered', data: { ...siteData('SITE-A'), certificationStatus: 'Certified' } }], 'no-stream');
    const later = setup(first.store, async () => position);
    opened.push(later.views);
    await expect(later.runner.run(siteDecider, registryStream('t1', 'site', 'site-a'), registerSite('site-a'))).rejects.toMatchObject({ code: 'SITE_SHORT_NAME_TAKEN' });
  });
});

const siteData = (shortName: string) => ({
  shortName,
  officialName: shortName,
  ngi: 'NGI_XX',
  country: 'Italy',
  timezone: 'Europe/Rome',
  domain: 'example.org',
  productionInfrastructure: 'Production',
  scopes: [],
  contacts: [],
});
