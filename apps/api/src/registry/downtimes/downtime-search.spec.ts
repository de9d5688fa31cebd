import { BadRequestException } from '@nestjs/common';
import { emptyTopologyView, type DowntimeData, type TopologyView } from '@vigil/domain';
import { describe, expect, it } from 'vitest';
import { downtimeFilter } from './downtime-search';
import type { DowntimeRecord } from './downtime.index';
import type { DowntimeFilterQuery } from './downtime.dto';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 5, 2, 10);

const topology: TopologyView = {
  ...emptyTopologyView(),
  ngis: new Set(['NGI_IT', 'NGI_DE']),
  sites: new Map([
    ['SITE-A', { shortName: 'SITE-A', ngi: 'NGI_IT', certificationStatus: 'Certified' }],
    ['SITE-B', { shortName: 'SITE-B', ngi: 'NGI_DE', certificationStatus: 'Certified' }],
  ]),
  services: new Map([
    ['1G0', { id: '1G0', hostname: 'srm.a.org', serviceType: 'SRM', site: 'SITE-A', production: true, monitored: true }],
    ['2G0', { id: '2G0', hostname: 'ce.a.org', serviceType: 'ARC-CE', site: 'SITE-A', production: true, monitored: true }],
    ['3G0', { id: '3G0', hostname: 'bdii.b.org', serviceType: 'Site-BDII', site: 'SITE-B', production: true, monitored: true }],
  ]),
};

const record = (over: Partial<DowntimeData>): DowntimeRecord => ({
  state: {
    status: 'declared',
    downtime: { id: 'X', site: 'SITE-A', services: ['1G0'], endpoints: [], severity: 'OUTAGE', classification: 'SCHEDULED', start: NOW + 48 * HOUR, end: NOW + 50 * HOUR, description: 'd', ...over },
  },
  declaredAt: NOW,
  updatedAt: NOW,
});

const records = [
  record({ id: 'PAST', start: NOW - 10 * HOUR, end: NOW - 5 * HOUR, classification: 'UNSCHEDULED' }),
  record({ id: 'NOW-A', services: ['1G0', '2G0'], start: NOW - HOUR, end: NOW + HOUR, severity: 'WARNING', classification: 'UNSCHEDULED' }),
  record({ id: 'NEXT-B', site: 'SITE-B', services: ['3G0'] }),
  record({ id: 'ENDS-NOW', start: NOW - 2 * HOUR, end: NOW }),
];
const ids = (query: DowntimeFilterQuery, now = NOW) => records.filter(downtimeFilter(query, topology, now)).map((r) => (r.state as { downtime: DowntimeData }).downtime.id);

describe('downtime search', () => {
  it('keeps everything without filters', () => expect(ids({})).toEqual(['PAST', 'NOW-A', 'NEXT-B', 'ENDS-NOW']));

  it('filters by site, by the site\'s NGI, by affected service and service type', () => {
    expect(ids({ site: 'SITE-B' })).toEqual(['NEXT-B']);
    expect(ids({ ngi: 'NGI_IT' })).toEqual(['PAST', 'NOW-A', 'ENDS-NOW']);
    expect(ids({ ngi: 'NGI_XX' })).toEqual([]);
    expect(ids({ service: '2G0' })).toEqual(['NOW-A']);
    expect(ids({ serviceType: 'ARC-CE' })).toEqual(['NOW-A']);
    expect(ids({ serviceType: 'SRM', ngi: 'NGI_IT', severity: 'WARNING' })).toEqual(['NOW-A']);
  });

  it('filters by severity and classification', () => {
    expect(ids({ severity: 'WARNING' })).toEqual(['NOW-A']);
    expect(ids({ classification: 'UNSCHEDULED' })).toEqual(['PAST', 'NOW-A']);
  });

  it('tells ongoing downtimes by the clock: a downtime ending now is over', () => {
    expect(ids({ ongoing: 'true' })).toEqual(['NOW-A']);
    expect(ids({ ongoing: 'false' })).toEqual(['PAST', 'NEXT-B', 'ENDS-NOW']);
    expect(ids({ ongoing: 'true' }, NOW + 48 * HOUR)).toEqual(['NEXT-B']);
  });

  it('keeps downtimes overlapping the window, touching ends excluded', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(ids({ from: iso(NOW), to: iso(NOW + 49 * HOUR) })).toEqual(['NOW-A', 'NEXT-B']);
    expect(ids({ from: iso(NOW - 5 * HOUR) })).toEqual(['NOW-A', 'NEXT-B', 'ENDS-NOW']);
    expect(ids({ to: iso(NOW - 5 * HOUR) })).toEqual(['PAST']);
  });

  it('refuses a window that ends before it starts, naming `to`', () => {
    const call = () => downtimeFilter({ from: '2025-06-02T10:00:00Z', to: '2025-06-02T09:00:00Z' }, topology, NOW);
    expect(call).toThrow(BadRequestException);
    try {
      call();
    } catch (err) {
      expect((err as BadRequestException).getResponse()).toMatchObject({ statusCode: 400, errors: [{ field: 'to' }] });
    }
  });
});
