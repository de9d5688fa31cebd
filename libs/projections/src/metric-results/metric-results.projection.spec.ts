import { describe, it, expect } from 'vitest';
import { Subject, lastValueFrom, toArray } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { metricResultsProjectionWith, type MetricResultRow } from './metric-results.projection';

let position = 0;
const recorded = (tenant: string, e: { type: string; data: unknown }): RecordedEvent =>
  ({ ...e, tenant, eventId: `e${++position}`, position, recordedAt: 0 }) as unknown as RecordedEvent;
const result = (tenant: string, hostname: string, service: string) =>
  recorded(tenant, { type: 'ProbeResultRecorded', data: { timestamp: Date.UTC(2026, 0, 1), service, hostname, metric: 'm', status: 'OK', monitoringHost: null, summary: null, message: null, tags: null, actualData: null } });

async function project(...batches: RecordedEvent[][]): Promise<MetricResultRow[][]> {
  const input = new Subject<readonly RecordedEvent[]>();
  const out = lastValueFrom(metricResultsProjectionWith().project(input).pipe(toArray()));
  for (const b of batches) input.next(b);
  input.complete();
  return out;
}

const flags = (rows: MetricResultRow[]) => rows.map((r) => [r.hostname, r.endpoint_group, r.known_endpoint]);

describe('metric-results projection', () => {
  it('keeps results of endpoints the registry does not know, flagged unknown', async () => {
    const [rows] = await project([result('t1', 'ghost.example.org', 'ARC-CE')]);
    expect(flags(rows)).toEqual([['ghost.example.org', '', 0]]);
  });

  it('flags a result with its site once the registry knows the endpoint, from that point of the log', async () => {
    const site = recorded('t1', siteRegistered({ shortName: 'SITE-A' }));
    const service = recorded('t1', serviceRegistered({ id: '1', site: 'SITE-A', hostname: 'ce.a.org', serviceType: 'ARC-CE' }));
    const [first, second] = await project([result('t1', 'ce.a.org', 'ARC-CE'), site, service, result('t1', 'ce.a.org', 'ARC-CE')], [result('t1', 'ce.a.org', 'ARC-CE')]);
    expect(flags(first)).toEqual([['ce.a.org', '', 0], ['ce.a.org', 'SITE-A', 1]]);
    expect(flags(second)).toEqual([['ce.a.org', 'SITE-A', 1]]);
  });

  it('matches on service type and tenant too', async () => {
    const site = recorded('t1', siteRegistered({ shortName: 'SITE-A' }));
    const service = recorded('t1', serviceRegistered({ id: '1', site: 'SITE-A', hostname: 'ce.a.org', serviceType: 'ARC-CE' }));
    const [rows] = await project([site, service, result('t1', 'ce.a.org', 'SRM'), result('t2', 'ce.a.org', 'ARC-CE')]);
    expect(flags(rows)).toEqual([['ce.a.org', '', 0], ['ce.a.org', '', 0]]);
  });
});
