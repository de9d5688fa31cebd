import { jetstream, jetstreamManager, type ConsumerInfo } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { eachLimited, EVENTS_STREAM, type EventStore } from '@vigil/event-store';
import { jetStreamLister, loadTenantState, planImport, streamOf, type GocdbInput, type SkippedRecord, type StreamKind } from '@vigil/gocdb';
import { AVRO_TYPE, encodeMetricData, INGEST_DURABLE, INGEST_STREAM, INGEST_SUBJECT_PREFIX, type MetricData } from '@vigil/ingest';
import { metricResultsProjection, STATUS_PROJECTION_VERSION } from '@vigil/projections';

/** Records per ingest message: ARGO's batch size, well below the 1 MB NATS payload. */
const PER_MESSAGE = 1000;
/** Messages published and not yet acknowledged by JetStream. */
const PUBLISH_WINDOW = 32;
/** Messages queued on the ingest stream ahead of Vigil: keeps the demo from filling the disk faster than Vigil ingests. */
const MAX_QUEUED = 200;
const APPEND_CONCURRENCY = 32;
const KIND_ORDER: StreamKind[] = ['ngi', 'site', 'service', 'serviceGroup', 'downtime'];

/**
 * Writes GOCDB-shaped records through the importer's plan (the deciders' rules, only differences
 * appended): NGIs, then sites, services and downtimes, each kind in parallel streams.
 */
export async function writeRegistry(store: EventStore, nc: NatsConnection, tenant: string, input: GocdbInput, now: number): Promise<{ events: number; skipped: SkippedRecord[] }> {
  const current = await loadTenantState(store, jetStreamLister(nc), tenant, input.downtimes.map((d) => d.primaryKey));
  const plan = planImport(input, current, now);
  for (const kind of KIND_ORDER) {
    await eachLimited(plan.appends.filter((a) => a.kind === kind), APPEND_CONCURRENCY, (a) =>
      store.append(streamOf(tenant, a.kind, a.key), a.events, a.expectedRevision === null ? 'no-stream' : { revision: a.expectedRevision }).then(() => undefined),
    );
  }
  return { events: plan.appends.reduce((n, a) => n + a.events.length, 0), skipped: plan.skipped };
}

/** The durables whose lag says whether the demo's results reached the read models of `database`. */
export const projectorDurables = (database: string): string[] => [
  `projector-${database}-${metricResultsProjection.name}-v${metricResultsProjection.version}`,
  `projector-${database}-status-v${STATUS_PROJECTION_VERSION}`,
];

/** Why the demo cannot run here, or null: it needs a running platform (ingest and projectors) on this database. */
export async function platformMissing(nc: NatsConnection, database: string): Promise<string | null> {
  const jsm = await jetstreamManager(nc);
  const hint = `start the platform first (npm start), with the same VIGIL_CLICKHOUSE_DATABASE (${database})`;
  if (!(await jsm.consumers.info(INGEST_STREAM, INGEST_DURABLE).catch(() => null))) return `no ingest consumer ${INGEST_STREAM}/${INGEST_DURABLE}: ${hint}`;
  for (const durable of projectorDurables(database)) {
    if (!(await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => null))) return `no projector ${durable}: ${hint}`;
  }
  return null;
}

/**
 * Publishes records on `vigil.ingest.metrics.<tenant>` as Avro batches, waiting while more than
 * MAX_QUEUED messages are queued for Vigil; `progress` gets the records acknowledged so far.
 */
export async function publishResults(nc: NatsConnection, tenant: string, records: Iterable<MetricData>, runId: string, progress: (sent: number) => void): Promise<number> {
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const subject = `${INGEST_SUBJECT_PREFIX}.${tenant}`;
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let batchNo = 0;
  const send = async (batch: MetricData[]) => {
    const h = headers();
    h.set('Content-Type', AVRO_TYPE);
    // A retried publish within the stream's duplicate window is stored once.
    await js.publish(subject, encodeMetricData(batch), { headers: h, msgID: `demo-${runId}-${batchNo++}`, timeout: 30_000 });
    sent += batch.length;
    progress(sent);
  };
  let batch: MetricData[] = [];
  const flush = async () => {
    if (batchNo % 50 === 0) await waitForRoom(jsm);
    const p = send(batch).finally(() => pending.delete(p));
    pending.add(p);
    batch = [];
    if (pending.size >= PUBLISH_WINDOW) await Promise.race(pending);
  };
  for (const r of records) {
    batch.push(r);
    if (batch.length === PER_MESSAGE) await flush();
  }
  if (batch.length > 0) await flush();
  await Promise.all(pending);
  return sent;
}

async function waitForRoom(jsm: Awaited<ReturnType<typeof jetstreamManager>>): Promise<void> {
  for (;;) {
    const c = await jsm.consumers.info(INGEST_STREAM, INGEST_DURABLE);
    if (c.num_pending + c.num_ack_pending <= MAX_QUEUED) return;
    await sleep(100);
  }
}

export interface CatchUp {
  /** Messages still to be ingested or projected. */
  lag: number;
}

/**
 * Waits until Vigil has ingested every queued message and the metric-results and status projectors
 * of `database` have acknowledged (written) every event: their read models then hold the demo.
 * Fails when nothing moves for `stallMs`.
 */
export async function waitProjected(nc: NatsConnection, database: string, onLag: (lag: CatchUp) => void, stallMs = 300_000): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const idle = (c: ConsumerInfo) => c.num_pending + c.num_ack_pending;
  // Progress is a new lowest lag or acknowledgements moving on: ticks and status events keep the lag itself moving a little.
  let lowest = Infinity;
  let lastMove = Date.now();
  let acked = -1;
  // A projector restarting recreates its durable, and a busy server times requests out: such a round is skipped.
  const info = (stream: string, durable: string) => jsm.consumers.info(stream, durable).catch((err: unknown) => new Error(`${durable}: ${err instanceof Error ? err.message : String(err)}`));
  for (;;) {
    const infos = await Promise.all([info(INGEST_STREAM, INGEST_DURABLE), ...projectorDurables(database).map((d) => info(EVENTS_STREAM, d))]);
    const missing = infos.filter((i): i is Error => i instanceof Error);
    if (missing.length > 0) {
      if (Date.now() - lastMove > stallMs) throw new Error(`no progress for ${stallMs / 1000} s: ${missing.map((e) => e.message).join(', ')}; is the platform still running?`);
      await sleep(500);
      continue;
    }
    const [ingest, ...projectors] = infos as ConsumerInfo[];
    const lag = idle(ingest) + projectors.reduce((n, c) => n + idle(c), 0);
    onLag({ lag });
    if (lag === 0) return;
    const ackedNow = [ingest, ...projectors].reduce((n, c) => n + c.ack_floor.stream_seq, 0);
    if (lag < lowest || ackedNow > acked) {
      lowest = Math.min(lowest, lag);
      acked = ackedNow;
      lastMove = Date.now();
    } else if (Date.now() - lastMove > stallMs) {
      const who = [ingest, ...projectors].filter((c) => idle(c) > 0).map((c) => `${c.name} (${idle(c)} pending)`).join(', ');
      throw new Error(`no progress for ${stallMs / 1000} s: ${who}; is the platform still running?`);
    }
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
