import { Subject } from 'rxjs';
import type { NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER } from '@vigil/event-store';
import { positionOf, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import { withKvLock, type ClickHouse, type LockHolder } from '@vigil/read-models';
import type { Projection, Sink } from '../projection';
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
  /** Told what an operator should know (a dead holder's lock taken over); default: a line on stderr. */
  onNotice?: (message: string) => void;
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
/** Batches a projection's writes may lag behind the shared read. */
const WRITES_AHEAD = 2;
/** Last position of the events of message `sequence`. */
const endPosition = (sequence: number): number => positionOf(sequence + 1, 0) - 1;
/** Last row position of message `sequence` in a target's tables (rows may number several per event). */
const endRowPosition = (target: ReplayTarget, sequence: number): number => positionOf(sequence + 1, 0) * (target.positionScale ?? 1) - 1;

/** Rebuilds one projection's tables from the log into shadows, then swaps them in. One replay per database and projection at a time. */
export async function replayProjection(target: ReplayTarget, o: ReplayOptions): Promise<ReplayReport> {
  return (await replayProjections([target], o))[0];
}

/**
 * Rebuilds several projections from ONE read of the log: each message is decoded once (for the union of
 * their event types) and every batch goes to each projection; their rows are written concurrently, each
 * projection with its own checkpoint, shadows and swap. Reports come back in the order of `targets`.
 */
export async function replayProjections(targets: readonly ReplayTarget[], o: ReplayOptions): Promise<ReplayReport[]> {
  const db = o.clickhouse.database;
  if (!db) throw new Error('replay needs a ClickHouse client bound to a database');
  const unique = [...new Map(targets.map((t) => [t.name, t])).values()];
  const store = o.progress ?? (await ReplayProgressStore.open(o.nc));
  // Taken in name order, so two overlapping replays never wait on each other crosswise.
  const names = unique.map((t) => t.name).sort();
  const notice = o.onNotice ?? ((m: string) => void process.stderr.write(`${m}\n`));
  const reports = await withLocks(o.nc, db, names, notice, () => runAll(unique, o, db, store));
  return targets.map((t) => reports.get(t.name)!);
}

function withLocks<T>(nc: NatsConnection, db: string, names: readonly string[], notice: (m: string) => void, work: () => Promise<T>): Promise<T> {
  if (names.length === 0) return work();
  const key = `${db}.${names[0]}`;
  const lock = { bucket: LOCK_BUCKET, key, ttlMs: 30_000, waitMs: 2_000, onTakeover: (h: LockHolder) => notice(takeoverNotice(key, h)) };
  return withKvLock(nc, lock, () => withLocks(nc, db, names.slice(1), notice, work));
}

/** The line an operator sees when a killed replay's lock is taken over instead of waited out. */
export function takeoverNotice(key: string, h: LockHolder): string {
  const who = h.pid !== undefined ? `pid ${h.pid}${h.host ? ` on ${h.host}` : ''}` : h.holder;
  return `vigil replay: ${key}: took over the lock of ${who}, which is no longer running`;
}

/** One projection's share of a shared replay. */
interface Run {
  target: ReplayTarget;
  p: ReplayProgress;
  resumed: boolean;
  /** Batches through this sequence are refolded without writing (their rows are in the shadows). */
  silentThrough: number;
  /** First sequence the projection reads. */
  start: number;
  types: ReadonlySet<string>;
  /** Folds every type of the shared read: batches need no filtering. */
  everything: boolean;
  step: Step<unknown>;
  sink: Sink<unknown>;
  writing: Promise<void>;
  /** Its writes not yet awaited by the reader, oldest first. */
  queue: Promise<void>[];
  events: number;
  savedAt: number;
  /** Sequence the shared read is heading for (grows while it catches up with a live log). */
  head: { sequence: number };
}

interface Shared {
  o: ReplayOptions;
  db: string;
  store: ReplayProgressStore;
  stream: string;
  started: number;
  to: number;
}

async function runAll(targets: readonly ReplayTarget[], o: ReplayOptions, db: string, store: ReplayProgressStore): Promise<Map<string, ReplayReport>> {
  const ctx: Shared = { o, db, store, stream: o.stream ?? EVENTS_STREAM, started: Date.now(), to: o.toSequence ?? 0 };
  const reports = new Map<string, ReplayReport>();
  const runs: Run[] = [];
  for (const target of targets) {
    const saved = await store.load(db, target.name);
    // Killed during its swap: only the swap is left to finish.
    if (saved?.phase === 'swapping') reports.set(target.name, await finish(target, o, db, store, saved, () => reportOf(ctx, target.name, 'swapped', saved, 0, saved.sequence, true)));
    else runs.push(await prepare(ctx, target, saved));
  }
  // nats-server 2.9 takes one filter per consumer: projections with the same filter share a read.
  const groups = new Map<string, Run[]>();
  for (const r of runs) {
    const filter = r.target.filter(o.prefix ?? EVENTS_SUBJECT_PREFIX);
    groups.set(filter, [...(groups.get(filter) ?? []), r]);
  }
  // Every read ends (settles) before the locks are released, even when another one failed.
  const reads = await Promise.allSettled([...groups].map(([filter, group]) => readShared(ctx, filter, group)));
  for (const r of runs) r.step.close();
  for (const read of reads) if (read.status === 'rejected') throw read.reason;
  for (const r of runs) await store.save(db, r.p);
  for (const r of runs) {
    const { target, p } = r;
    const targetSeq = r.head.sequence;
    if (o.signal?.aborted) reports.set(target.name, reportOf(ctx, target.name, 'aborted', p, r.events, targetSeq, r.resumed));
    else {
      p.sequence = Math.max(p.sequence, ctx.to);
      reports.set(target.name, await finish(target, o, db, store, { ...p, phase: 'swapping' }, () => reportOf(ctx, target.name, 'swapped', p, r.events, targetSeq, r.resumed)));
    }
  }
  return reports;
}

function reportOf(ctx: Shared, projection: string, phase: ReplayReport['phase'], p: ReplayProgress, events: number, targetSeq: number, resumed: boolean): ReplayReport {
  return { projection, phase, sequence: p.sequence, target: Math.max(targetSeq, p.sequence), events, elapsedMs: Date.now() - ctx.started, resumed };
}

/** Resumes from the checkpoint when it is of the same version and window and its shadows are there; otherwise starts afresh. */
async function prepare(ctx: Shared, target: ReplayTarget, saved: ReplayProgress | undefined): Promise<Run> {
  const { o, db, store } = ctx;
  const from = Math.max(1, o.fromSequence ?? 1);
  const resumable = !!saved && saved.version === target.version && saved.fromSequence === from && saved.toSequence === ctx.to && (await shadowsExist(o.clickhouse, target));
  const p: ReplayProgress = resumable ? saved : await startAfresh(target, o.clickhouse, from, ctx.to);
  if (!resumable) await store.save(db, p);
  const projection = target.create();
  return {
    target, p, resumed: resumable, silentThrough: p.sequence,
    // A stateful projection refolds what the shadows already hold (without writing) to rebuild its state.
    start: target.stateful ? 1 : p.sequence + 1,
    types: new Set(projection.types), everything: false,
    step: stepper(projection), sink: target.sink(shadowClickHouse(o.clickhouse)), writing: Promise.resolve(), queue: [], events: 0, savedAt: 0, head: { sequence: ctx.to || p.sequence },
  };
}

/** Reads the log once for `runs`, hands each batch to every projection, and keeps a few writes per projection queued behind the read. */
async function readShared(ctx: Shared, filter: string, runs: Run[]): Promise<void> {
  const { o } = ctx;
  const types = new Set(runs.flatMap((r) => [...r.types]));
  for (const r of runs) r.everything = [...types].every((t) => r.types.has(t));
  const head = { sequence: ctx.to || (await lastSequence(o.nc, ctx.stream)) };
  for (const r of runs) r.head = head;
  const batches = readLog(o.nc, {
    stream: ctx.stream, filterSubject: filter, schemaHeader: SCHEMA_HEADER, schemas: o.schemas, types: [...types],
    startSequence: Math.min(...runs.map((r) => r.start)), through: ctx.to || undefined,
    splitAt: runs.map((r) => r.silentThrough), maxEvents: o.maxEvents, signal: o.signal,
  });
  try {
    for await (const batch of batches) {
      const active = runs.filter((r) => batch.lastSequence >= r.start);
      const inputs = active.map((r) => (r.everything ? batch.events : batch.events.filter((e) => r.types.has(e.type))));
      const writes = await Promise.all(active.map((r, i) => r.step(inputs[i])));
      active.forEach((r, i) => {
        if (batch.lastSequence <= r.silentThrough) return;
        // Each projection's writes commit one after the other, in log order (measured: concurrent inserts into
        // one table cost ClickHouse more than they gain).
        r.writing = r.writing.then(() => write(ctx, r, writes[i], batch.lastSequence, inputs[i].length));
        // Handled here so a failure waits for the next await instead of crashing the process as unhandled.
        r.writing.catch(() => undefined);
        r.queue.push(r.writing);
      });
      // A few writes per projection queued while the next batches are read and projected: ClickHouse works beside
      // this process, and a projection whose rows are slow to insert holds the others back only this far.
      for (const r of runs) while (r.queue.length > WRITES_AHEAD) await r.queue.shift();
    }
    await Promise.all(runs.map((r) => r.writing));
  } finally {
    await Promise.allSettled(runs.map((r) => r.writing));
  }
}

async function write(ctx: Shared, r: Run, w: unknown, through: number, events: number): Promise<void> {
  const { head } = r;
  await r.sink.write(w);
  // The checkpoint moves only past committed rows.
  r.p.sequence = through;
  r.p.events += events;
  r.events += events;
  if (Date.now() - r.savedAt < 250) return;
  r.savedAt = Date.now();
  // Best effort: a checkpoint lost to a slow NATS only means a resume refolds a little more.
  await ctx.store.save(ctx.db, r.p).catch(() => undefined);
  if (r.p.sequence >= head.sequence && !ctx.to) head.sequence = await lastSequence(ctx.o.nc, ctx.stream);
  ctx.o.onProgress?.(reportOf(ctx, r.target.name, 'replaying', r.p, r.events, head.sequence, r.resumed));
}

async function finish(target: ReplayTarget, o: ReplayOptions, db: string, store: ReplayProgressStore, p: ReplayProgress, done: () => ReplayReport): Promise<ReplayReport> {
  await store.save(db, p);
  await swapShadows(o.clickhouse, target.tables, endRowPosition(target, p.sequence));
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
    if (from > 1) await copyRowsBefore(clickhouse, t, endRowPosition(target, from - 1) + 1);
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
