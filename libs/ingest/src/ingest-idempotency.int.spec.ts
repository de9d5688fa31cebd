import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { catalog } from '@vigil/events';
import { SCHEMA_HEADER } from '@vigil/event-store';
import { hostProjector, metricResultsProjection, type HostedProjector } from '@vigil/projections';
import { sql, tableSink, type ClickHouse } from '@vigil/read-models';
import { openEventStoreBed, randomRun, type EventStoreBed } from '@vigil/testing';
import { DeadLetterPublisher } from './dead-letters';
import { ProbeResultAppender } from './probe-result-appender';
import { jsonBatch } from './record-batch';
import { RecordIngestor } from './record-ingestor';

const id = randomRun();
const dead = { stream: `VIGIL_TEST_IDEMPOTENT_DEAD_${id}`, prefix: `vigil.test-idempotent-dead-${id}.metrics`, maxAgeMs: 3600_000 };

let bed: EventStoreBed;
let ch: ClickHouse;
let ingestor: RecordIngestor;
let projector: HostedProjector;

beforeAll(async () => {
  bed = await openEventStoreBed('idempotent');
  ch = bed.clickhouse;
  ingestor = new RecordIngestor(new ProbeResultAppender(bed.store), new DeadLetterPublisher(bed.nc, dead));
  const source = { stream: bed.stream, filterSubject: `${bed.prefix}.*.probe.*`, schemaHeader: SCHEMA_HEADER };
  projector = bed.started(hostProjector(bed.nc, catalog(), source, metricResultsProjection, tableSink(ch, 'metric_results'), () => undefined));
});

afterAll(async () => {
  await (await jetstreamManager(bed.nc)).streams.delete(dead.stream).catch(() => undefined);
  await bed.close();
});

const result = (summary: string) => ({
  timestamp: '2024-03-07T10:00:00Z',
  service: 'webdav',
  hostname: 'se.example.org',
  metric: 'webdav-probe',
  status: 'OK',
  monitoring_host: 'mon1.example.org',
  summary,
});

async function projected(events: number): Promise<void> {
  for (let i = 0; i < 200 && projector.stats.events < events; i++) await new Promise((r) => setTimeout(r, 50));
  expect(projector.stats.events).toBe(events);
}

describe('ingest idempotency', () => {
  it('stores a result sent twice once in metric_results, however late the copy arrives', async () => {
    const tenant = `t_${randomBytes(4).toString('hex')}`;
    await ingestor.ingest(tenant, jsonBatch([result('first copy')], ingestor.validator), 'http');
    await projected(1);
    // Long after JetStream's duplicate window could help: the read model's key does.
    await ingestor.ingest(tenant, jsonBatch([result('second copy'), { ...result('other monitoring host'), monitoring_host: 'mon2.example.org' }], ingestor.validator), 'nats');
    await projected(3);

    const rows = await ch.query<{ monitoring_host: string; summary: string }>(
      sql`SELECT monitoring_host, summary FROM metric_results FINAL WHERE tenant = ${tenant} ORDER BY monitoring_host`,
    );
    expect(rows).toEqual([
      { monitoring_host: 'mon1.example.org', summary: 'second copy' },
      { monitoring_host: 'mon2.example.org', summary: 'other monitoring host' },
    ]);
  });
});
