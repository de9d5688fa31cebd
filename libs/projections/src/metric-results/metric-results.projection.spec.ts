import { describe, it, expect } from 'vitest';
import { Subject, lastValueFrom, toArray } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { EndpointTimeline } from './endpoint-timeline';
import { metricResultsProjectionWith, type MetricResultRow } from './metric-results.projection';

let position = 0;
const recorded = (tenant: string, e: { type: string; data: unknown }): RecordedEvent =>
  ({ ...e, tenant, eventId: `e${++position}`, position, recordedAt: 0 }) as unknown as RecordedEvent;
const result = (tenant: string, hostname: string, service: string) =>
  recorded(tenant, { type: 'ProbeResultRecorded', data: { timestamp: Date.UTC(2026, 0, 1), service, hostname, metric: 'm', status: 'OK', monitoringHost: null, summary: null, message: null, tags: null, actualData: null } });

async function project(...batches: RecordedEvent[][]): Promise<MetricResultRow[][]> {
  return projectWith(new EndpointTimeline(), ...batches);
}

async function projectWith(registry: EndpointTimeline, ...batches: RecordedEvent[][]): Promise<MetricResultRow[][]> {
  const input = new Subject<readonly RecordedEvent[]>();
  const out = lastValueFrom(metricResultsProjectionWith({ registry }).project(input).pipe(toArray()));
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

  describe('flags each result against the topology at its own position in the log', () => {
    const site = () => recorded('t1', siteRegistered({ shortName: 'SITE-A' }));
    const service = () => recorded('t1', serviceRegistered({ id: '1', site: 'SITE-A', hostname: 'ce.a.org', serviceType: 'ARC-CE' }));
    const removed = () => recorded('t1', { type: 'ServiceRemoved', data: { id: '1' } });
    // Positions follow creation: each test creates its events in log order.

    it('a result redelivered after the endpoint was removed keeps the flag it had', async () => {
      const registered = [site(), service()];
      const before = result('t1', 'ce.a.org', 'ARC-CE');
      const [first, , again] = await project([...registered, before], [removed(), result('t1', 'ce.a.org', 'ARC-CE')], [before]);
      expect(flags(first)).toEqual([['ce.a.org', 'SITE-A', 1]]);
      expect(flags(again)).toEqual([['ce.a.org', 'SITE-A', 1]]);
    });

    it('after a restart, topology read ahead of the checkpoint does not flag the results before it', async () => {
      const [s, svc] = [site(), service()];
      const between = result('t1', 'ce.a.org', 'ARC-CE');
      const gone = removed();
      const after = result('t1', 'ce.a.org', 'ARC-CE');
      const registry = new EndpointTimeline();
      registry.apply([s, svc, gone]); // the whole log's topology, read at start
      // The durable resumes before the removal: the removal comes again and is not applied twice.
      const [rows] = await projectWith(registry, [between, gone, after]);
      expect(flags(rows)).toEqual([['ce.a.org', 'SITE-A', 1], ['ce.a.org', '', 0]]);
    });

    it('the endpoints of a removed site are unknown from the removal on', async () => {
      const [rows] = await project([site(), service(), recorded('t1', { type: 'SiteRemoved', data: { shortName: 'SITE-A' } }), result('t1', 'ce.a.org', 'ARC-CE')]);
      expect(flags(rows)).toEqual([['ce.a.org', '', 0]]);
    });

    it('an endpoint registered at two sites stays known while one of them holds it', async () => {
      const sites = [site(), recorded('t1', siteRegistered({ shortName: 'SITE-B' }))];
      const both = [service(), recorded('t1', serviceRegistered({ id: '2', site: 'SITE-B', hostname: 'ce.a.org', serviceType: 'ARC-CE' }))];
      const [rows] = await project([...sites, ...both, removed(), result('t1', 'ce.a.org', 'ARC-CE')]);
      expect(flags(rows)).toEqual([['ce.a.org', 'SITE-B', 1]]);
    });
  });
});
