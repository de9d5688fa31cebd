import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { JetStreamEventStore } from '@vigil/event-store';
import { createClickHouse, ident, sql } from '@vigil/read-models';
import { runVigil } from '../../../../test/support/cli';

const id = randomBytes(4).toString('hex');
const tenant = `t${id}`;
const events = { stream: `VIGIL_TEST_EVENTS_CLI_${id}`, prefix: `vigil.test-events-cli-${id}` };
const database = `vigil_events_cli_test_${id}`;
const clickhouseUrl = process.env.VIGIL_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const T0 = Date.parse('2025-05-05T10:00:00Z');

let nc: NatsConnection;
let dir: string;
const positions: number[] = [];

const vigil = (...args: string[]) => runVigil([...args, '--stream-name', events.stream, '--prefix', events.prefix], { VIGIL_CLICKHOUSE_DATABASE: database });

const result = (hostname: string, status: string, at: number) => ({
  type: 'ProbeResultRecorded', eventId: randomUUID(), occurredAt: at,
  data: { timestamp: at, service: 'ARC-CE', hostname, metric: 'job', status, monitoringHost: null, summary: null, message: null, tags: null, actualData: null },
});

beforeAll(async () => {
  nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-events-'));
  const store = await JetStreamEventStore.open(nc, events);
  for (let i = 0; i < 4; i++) {
    const r = await store.append({ tenant, category: 'probe', id: `ce${i}.org-job` }, [result(`ce${i}.org`, i % 2 ? 'CRITICAL' : 'OK', T0 + i * 60_000)], 'any');
    positions.push((r as { position: number }).position);
  }
  await store.append({ tenant, category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at: T0 }, occurredAt: T0 }], 'any');
});

afterAll(async () => {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(events.stream).catch(() => undefined);
  const server = createClickHouse({ url: clickhouseUrl });
  await server.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
  await server.close();
  await rm(dir, { recursive: true, force: true });
  await nc.drain();
});

describe('vigil events and vigil replay', { timeout: 90_000 }, () => {
  it('inspect prints one event in full, and says so when there is none', async () => {
    const shown = await vigil('events', 'inspect', String(positions[1]));
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ type: 'ProbeResultRecorded', tenant, category: 'probe', position: positions[1], data: { hostname: 'ce1.org', status: 'CRITICAL' } });
    const missing = await vigil('events', 'inspect', String(positions[3] + 1));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no event at position ${positions[3] + 1}`);
  });

  it('tail decodes events from a position, filtered by type, up to a limit', async () => {
    const tail = await vigil('events', 'tail', '--from', '0', '--type', 'ProbeResultRecorded', '--limit', '3', '--json');
    expect(tail.code).toBe(0);
    expect(tail.stdout.trim().split('\n').map((l) => JSON.parse(l).data.hostname)).toEqual(['ce0.org', 'ce1.org', 'ce2.org']);
    const human = await vigil('events', 'tail', '--from', '0', '--stream', `${tenant}/clock`, '--limit', '1');
    expect(human.stdout).toMatch(new RegExp(`${tenant}/clock/minutes ClockTicked \\{"at":${T0}\\}`));
    expect((await vigil('events', 'tail', '--type', 'NoSuchEvent')).code).toBe(2);
  });

  it('export writes the window as NDJSON or as an Avro container file', async () => {
    const ndjson = path.join(dir, 'out.ndjson');
    const out = await vigil('events', 'export', '--from', String(positions[1]), '--to', String(positions[2]), '--format', 'ndjson', '--out', ndjson);
    expect(JSON.parse(out.stdout)).toMatchObject({ events: 2 });
    expect((await readFile(ndjson, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).position)).toEqual([positions[1], positions[2]]);

    const file = path.join(dir, 'out.avro');
    const avroOut = await vigil('events', 'export', '--from', '2025-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--out', file);
    expect(avroOut.stderr).toBe('');
    const records: { type: string; data: string }[] = [];
    await new Promise((resolve, reject) => avro.createFileDecoder(file).on('data', (r) => records.push(r)).on('end', resolve).on('error', reject));
    expect(records.map((r) => r.type)).toEqual(['ProbeResultRecorded', 'ProbeResultRecorded', 'ProbeResultRecorded', 'ProbeResultRecorded', 'ClockTicked']);
    expect(JSON.parse(records[0].data)).toMatchObject({ hostname: 'ce0.org' });
  });

  it('replay rebuilds a projection, records its version, and refuses unknown names', async () => {
    const replay = await vigil('replay', '--projection', 'metric-results', '--json');
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout.trim().split('\n').pop()!)).toMatchObject({ projection: 'metric-results', phase: 'swapped', events: 4 });
    const ch = createClickHouse({ url: clickhouseUrl, database });
    expect((await ch.query<{ hostname: string }>(sql`SELECT hostname FROM metric_results FINAL WHERE tenant = ${tenant} ORDER BY hostname`)).map((r) => r.hostname)).toEqual(['ce0.org', 'ce1.org', 'ce2.org', 'ce3.org']);
    await ch.close();
    const status = await vigil('replay', '--status', '--json');
    expect(JSON.parse(status.stdout).map((s: { projection: string; state: string }) => [s.projection, s.state])).toEqual([['metric-results', 'current'], ...['topology', 'status', 'ar', 'alerts', 'budgets', 'alarms'].map((p) => [p, 'unrecorded'])]);
    const bad = await vigil('replay', '--projection', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown projection 'nope'");
  });
});
