import { Subject } from 'rxjs';
import type { NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER } from '@vigil/event-store';
import { positionOf, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import { withKvLock, type ClickHouse } from '@vigil/read-models';
import type { Projection } from '../projection';
import { lastSequence, readLog } from './log-reader';
import { recordProjectionVersion } from './projection-versions';
import { ReplayProgressStore, type ReplayProgress } from './replay-progress.store';
import type { ReplayTarget } from './replay-targets';
import { copyRowsBefore, createShadow, dropTable, shadowClickHouse, swapShadows, SHADOW_SUFFIX, tableExists } from './shadow-tables';

export interface ReplayOptions {
  nc: NatsConnection;
  schemas: SchemaCatalog;
  /** Bound to the read-model database whose tables are rebuilt. */
  clickhouse: ClickHouse;
  stream?: string;
  prefix?: string;
  /** First stream sequence of the rebuilt window (rows before it are kept from the live tables). */
  fromSequence?: number;
  /** Last stream sequence of the window (rows after it are kept from the live tables); default: the end of the log. */
  toSequence?: number;
  progress?: ReplayProgressStore;
  maxEvents?: number;
  /** Aborting stops after the current batch: shadows and checkpoint stay, a rerun resumes. */
  signal?: AbortSignal;
  onProgress?: (p: ReplayReport) => void;
}

export interface ReplayReport {
  projection: string;
  phase: 'replaying' | 'swapped' | 'aborted';
  /** Last stream sequence committed to the shadow tables. */
  sequence: number;
  /** Sequence the replay is heading for (grows while it catches up with a live log). */
  target: number;
  /** Events replayed by this run (silent refolds excluded). */
  events: number;
  elapsedMs: number;
  resumed: boolean;
}

const LOCK_BUCKET = 'vigil_replay_locks';
/** Last position of the events of message `sequence`. */
const endPosition = (sequence: number): number => positionOf(sequence + 1, 0) - 1;

/** Rebuilds one projection's tables from the log into shadows, then swaps them in. One replay per database and projection at a time. */
export async function replayProjection(target: ReplayTarget, o: ReplayOptions): Promise<ReplayReport> {
  const db = o.clickhouse.database;
  if (!db) throw new Error('replay needs a ClickHouse client bound to a database');
  const lock = { bucket: LOCK_BUCKET, key: `${db}.${target.name}`, ttlMs: 30_000, waitMs: 2_000 };
  return withKvLock(o.nc, lock, async () => run(target, o, db, o.progress ?? (await ReplayProgressStore.open(o.nc))));
}

async function run(target: ReplayTarget, o: ReplayOptions, db: string, store: ReplayProgressStore): Promise<ReplayReport> {
  const started = Date.now();
  const stream = o.stream ?? EVENTS_STREAM;
  const saved = await store.load(db, target.name);
  const report = (phase: ReplayReport['phase'], p: ReplayProgress, events: number, targetSeq: number, resumed: boolean): ReplayReport =>
    ({ projection: target.name, phase, sequence: p.sequence, target: Math.max(targetSeq, p.sequence), events, elapsedMs: Date.now() - started, resumed });
  if (saved?.phase === 'swapping') return finish(target, o, db, store, saved, () => report('swapped', saved, 0, saved.sequence, true));

  const from = Math.max(1, o.fromSequence ?? 1);
  const to = o.toSequence ?? 0;
  const resumable = saved && saved.version === target.version && saved.fromSequence === from && saved.toSequence === to && (await shadowsExist(o.clickhouse, target));
  const p: ReplayProgress = resumable ? saved : await startAfresh(target, o.clickhouse, from, to);
  if (!resumable) await store.save(db, p);

  const sink = target.sink(shadowClickHouse(o.clickhouse));
  const projection = target.create();
  const silentThrough = p.sequence;
  let targetSeq = to || (await lastSequence(o.nc, stream));
  let events = 0;
  let savedAt = 0;
  const step = stepper(projection);
  // One write in flight while the next batch is read and projected: ClickHouse works beside this process.
  let writing: Promise<void> = Promise.resolve();
  try {
    const batches = readLog(o.nc, {
      stream, filterSubject: target.filter(o.prefix ?? EVENTS_SUBJECT_PREFIX), schemaHeader: SCHEMA_HEADER, schemas: o.schemas, types: projection.types,
      // A stateful projection refolds what the shadows already hold (without writing) to rebuild its state.
      startSequence: target.stateful ? 1 : silentThrough + 1, through: to || undefined, splitAt: silentThrough, maxEvents: o.maxEvents, signal: o.signal,
    });
    for await (const batch of batches) {
      const write = await step(batch.events);
      if (batch.lastSequence <= silentThrough) continue;
      await writing;
      writing = sink.write(write).then(async () => {
        // The checkpoint moves only past committed rows.
        p.sequence = batch.lastSequence;
        p.events += batch.events.length;
        events += batch.events.length;
        if (Date.now() - savedAt < 250) return;
        savedAt = Date.now();
        // Best effort: a checkpoint lost to a slow NATS only means a resume refolds a little more.
        await store.save(db, p).catch(() => undefined);
        if (p.sequence >= targetSeq && !to) targetSeq = await lastSequence(o.nc, stream);
        o.onProgress?.(report('replaying', p, events, targetSeq, !!resumable));
      });
      // Handled here so a failure waits for the next await instead of crashing the process as unhandled.
      writing.catch(() => undefined);
    }
    await writing;
  } finally {
    await writing.catch(() => undefined);
    step.close();
  }
  await store.save(db, p);
  if (o.signal?.aborted) return report('aborted', p, events, targetSeq, !!resumable);
  p.sequence = Math.max(p.sequence, to);
  return finish(target, o, db, store, { ...p, phase: 'swapping' }, () => report('swapped', p, events, targetSeq, !!resumable));
}

async function finish(target: ReplayTarget, o: ReplayOptions, db: string, store: ReplayProgressStore, p: ReplayProgress, done: () => ReplayReport): Promise<ReplayReport> {
  await store.save(db, p);
  await swapShadows(o.clickhouse, target.tables, endPosition(p.sequence));
  await recordProjectionVersion(o.clickhouse, target.name, target.version, endPosition(p.sequence));
  await store.clear(db, target.name);
  return done();
}

async function shadowsExist(clickhouse: ClickHouse, target: ReplayTarget): Promise<boolean> {
  for (const t of target.tables) if (!(await tableExists(clickhouse, `${t}${SHADOW_SUFFIX}`))) return false;
  return true;
}

/** Fresh shadows; a window starting later keeps the live rows before it. */
async function startAfresh(target: ReplayTarget, clickhouse: ClickHouse, from: number, to: number): Promise<ReplayProgress> {
  for (const t of target.tables) {
    await dropTable(clickhouse, `${t}${SHADOW_SUFFIX}`);
    await createShadow(clickhouse, t);
    if (from > 1) await copyRowsBefore(clickhouse, t, positionOf(from, 0));
  }
  return { projection: target.name, version: target.version, fromSequence: from, toSequence: to, sequence: from - 1, events: 0, phase: 'replaying', startedAt: new Date().toISOString() };
}

type Step<W> = ((events: readonly RecordedEvent[]) => Promise<W>) & { close(): void };

/** Feeds the projection one batch at a time and waits for its write: the log is read no faster than it is written. */
function stepper<W>(projection: Projection<W>): Step<W> {
  const input = new Subject<readonly RecordedEvent[]>();
  const waiting: { resolve: (w: W) => void; reject: (e: unknown) => void }[] = [];
  let failure: unknown;
  const subscription = projection.project(input).subscribe({
    next: (w) => waiting.shift()?.resolve(w),
    error: (e) => {
      failure = e;
      for (const w of waiting.splice(0)) w.reject(e);
    },
  });
  const step = (events: readonly RecordedEvent[]) =>
    new Promise<W>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.push({ resolve, reject });
      input.next(events);
    });
  return Object.assign(step, { close: () => subscription.unsubscribe() });
}
