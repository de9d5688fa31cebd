import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm, type KV } from '@nats-io/kv';
import { REPLAY_BUCKET, replayTargets, type ReplayProgress } from '@vigil/projections';
import { ident, sql, type ClickHouse } from '@vigil/read-models';
import { createTestDatabase, readModelRows, repoRoot, runVigil, settledStatusProjector, useEventStoreBed, type TestDatabase } from '@vigil/testing';
import { appendReplayLog, appendTicks } from '../../../../test/support/replay-log';

// `vigil replay --projection all` killed with SIGKILL (no cleanup of any kind), then rerun: the live tables
// never see a half replay, and the rerun ends with the very rows of an uninterrupted replay.
const bed = useEventStoreBed('replay-kill');
const LOCK_BUCKET = 'vigil_replay_locks';
const databases: TestDatabase[] = [];
/** Every table of every projection the CLI rebuilds (targets added later are covered as they land). */
const TABLES = replayTargets.flatMap((t) => t.tables);
let progress: KV;

const replayArgs = () => ['replay', '--projection', 'all', '--json', '--stream-name', bed.stream, '--prefix', bed.prefix];
const replay = (db: TestDatabase) => runVigil(replayArgs(), { VIGIL_CLICKHOUSE_DATABASE: db.database });
const jsonLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { projection: string; phase: string; sequence: number; resumed: boolean });

async function database(name: string): Promise<TestDatabase> {
  const db = await createTestDatabase(bed.nc, { prefix: `vigil_replay_kill_${name}` });
  databases.push(db);
  return db;
}

type ProgressLine = { projection: string; phase: string; sequence: number };

/**
 * Runs the CLI as runVigil does and SIGKILLs it at the first progress line `atLine` accepts, or when `at`
 * resolves; resolves with the lines printed before the kill, and fails if the replay ended on its own.
 */
function killDuring(db: TestDatabase, when: { atLine?: (line: ProgressLine) => boolean; at?: Promise<unknown> }): Promise<ProgressLine[]> {
  const child = spawn('node', ['bin/vigil.js', ...replayArgs()], { cwd: repoRoot, env: { ...process.env, VIGIL_CLICKHOUSE_DATABASE: db.database }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: ProgressLine[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const parts = (buffered + d.toString()).split('\n');
    buffered = parts.pop() ?? '';
    for (const l of parts.filter((p) => p.startsWith('{'))) {
      lines.push(JSON.parse(l) as ProgressLine);
      if (when.atLine?.(lines[lines.length - 1])) child.kill('SIGKILL');
    }
  });
  void when.at?.then(() => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`vigil replay ended (code ${code}) before it was killed: make the log longer\n${stderr}`))));
  });
}

/** The projection of the first checkpoint of `db` that enters phase 'swapping' (the runner saves it before its RENAME). */
async function firstSwap(db: TestDatabase): Promise<{ projection: Promise<string>; stop(): void }> {
  const watch = await progress.watch({ key: `${db.database}.*` });
  const projection = (async () => {
    for await (const e of watch) {
      if (e.operation === 'PUT' && e.length > 0 && e.json<ReplayProgress>().phase === 'swapping') return e.json<ReplayProgress>().projection;
    }
    throw new Error('no swap seen');
  })();
  projection.catch(() => undefined);
  return { projection, stop: () => watch.stop() };
}

/**
 * Keeps the locks the killed process left as they are (its values, refreshed in place) so they never expire
 * on their own, however slowly the rerun starts: a rerun that gets in must have taken them over.
 */
async function keepDeadLocks(db: TestDatabase): Promise<{ held: number; stop(): void }> {
  const locks = await new Kvm(bed.nc).open(LOCK_BUCKET);
  const dead: { key: string; value: Uint8Array; revision: number }[] = [];
  for (const t of replayTargets) {
    const e = await locks.get(`${db.database}.${t.name}`);
    if (e && e.operation === 'PUT' && e.length > 0) dead.push({ key: e.key, value: e.value, revision: e.revision });
  }
  const timer = setInterval(() => {
    for (const d of dead.splice(0)) {
      // A failed update means the rerun took the key over: leave it alone from then on.
      void locks.update(d.key, d.value, d.revision).then((revision) => dead.push({ ...d, revision }), () => undefined);
    }
  }, 3_000);
  return { held: dead.length, stop: () => clearInterval(timer) };
}

const tables = (ch: ClickHouse) => readModelRows(ch, TABLES);

const count = async (ch: ClickHouse, table: string) => Number((await ch.query<{ n: string }>(sql`SELECT count() AS n FROM ${ident(table)}`))[0].n);
const tableExists = async (ch: ClickHouse, table: string) => Number((await ch.query<{ n: string }>(sql`SELECT count() AS n FROM system.tables WHERE database = ${ch.database!} AND name = ${table}`))[0].n) > 0;
const leftovers = async (ch: ClickHouse) => (await ch.query<{ name: string }>(sql`SELECT name FROM system.tables WHERE database = ${ch.database!} AND match(name, '__(replay|old)$')`)).map((r) => r.name);
const saved = async (db: TestDatabase, projection: string) => {
  const e = await progress.get(`${db.database}.${projection}`);
  return e && e.operation === 'PUT' && e.length > 0 ? e.json<ReplayProgress>() : undefined;
};

let a: TestDatabase;
let b: TestDatabase;
let c: TestDatabase;
/** The rows of an uninterrupted `vigil replay --projection all`, into its own database. */
let reference: Promise<Record<string, string[]>>;

beforeAll(async () => {
  // Registry, profiles, downtimes, an alert rule and budget, results and ticks; then the status changes a live
  // status projector appends, and an hour of ticks past them (A/R closes the days they changed).
  // More than one read batch (20,000 events): the replay checkpoints before its end.
  const { events, end } = await appendReplayLog(bed.store, { tenant: `t${bed.run}`, hours: 10 });
  expect(events).toBeGreaterThan(21_000);
  const status = await settledStatusProjector(bed);
  await appendTicks(bed.store, end + 60_000, end + 3_600_000);
  await bed.settle(status);
  progress = await new Kvm(bed.nc).create(REPLAY_BUCKET, { history: 1 });
  [a, b, c] = await Promise.all(['a', 'b', 'c'].map(database));
  // Runs beside the killed replays (each CLI start costs seconds); the tests await it when they compare.
  reference = (async () => {
    const clean = await replay(a);
    if (clean.code !== 0) throw new Error(`the reference replay failed: ${clean.stderr}`);
    expect(jsonLines(clean.stdout).filter((l) => l.phase === 'swapped').map((l) => l.projection).sort()).toEqual(replayTargets.map((t) => t.name).sort());
    return tables(a.clickhouse);
  })();
  reference.catch(() => undefined); // reported by the tests that await it
}, 90_000);

afterAll(async () => {
  // Opened, never created here: the lock bucket's TTL is set by the runner that creates it.
  const locks = await new Kvm(bed.nc).open(LOCK_BUCKET).catch(() => undefined);
  for (const db of databases) {
    for (const kv of [progress, locks]) {
      for (const t of replayTargets) {
        // Only what a failed test left behind: a finished replay leaves no value.
        const e = await kv?.get(`${db.database}.${t.name}`).catch(() => null);
        if (e?.operation === 'PUT') await kv!.purge(e.key).catch(() => undefined);
      }
    }
    await db.drop();
  }
});

// Concurrent: the three databases replay side by side.
describe.concurrent('vigil replay killed with SIGKILL', { timeout: 150_000 }, () => {
  it('the reference replay filled the tables of results, topology, status, A/R, alerts, budgets and alarms', async () => {
    const rows = await reference;
    const filled = ['metric_results', 'topology_endpoints', 'status_history', 'ar_daily', 'alerts_history', 'error_budgets', 'alarms_history', 'downtimes_current'];
    for (const t of TABLES.filter((t) => filled.includes(t))) expect(rows[t].length, t).toBeGreaterThan(0);
  });

  it('leaves the live tables untouched mid-replay, and a rerun resumes to the rows of an uninterrupted replay', async () => {
    // Once a projection committed its first batch (of two at least: every projection has its shadows, none swapped).
    const lines = await killDuring(b, { atLine: (l) => l.phase === 'replaying' && l.sequence > 0 });
    expect(lines.some((l) => l.phase === 'swapped')).toBe(false);
    const first = lines.find((l) => l.phase === 'replaying' && l.sequence > 0)!.projection;

    // The half replay is in the shadows only; its checkpoint is in the KV store.
    for (const t of TABLES) expect(await count(b.clickhouse, t), t).toBe(0);
    const checkpoint = await saved(b, first);
    expect(checkpoint).toMatchObject({ phase: 'replaying' });
    expect(checkpoint!.sequence).toBeGreaterThan(0);
    // Shadows of each projection that reported progress (the second thread's may not have started yet).
    const started = replayTargets.filter((t) => lines.some((l) => l.projection === t.name)).flatMap((t) => t.tables);
    expect(started.length).toBeGreaterThan(0);
    for (const t of started) expect(await tableExists(b.clickhouse, `${t}__replay`), `${t}__replay`).toBe(true);

    // The dead process's locks do not hold the rerun up (they would until their 30 s TTL ran out).
    const locks = await keepDeadLocks(b);
    expect(locks.held).toBeGreaterThan(0);
    const rerun = await replay(b).finally(() => locks.stop());
    expect(rerun.code, rerun.stderr).toBe(0);
    const reports = jsonLines(rerun.stdout).filter((l) => l.phase === 'swapped');
    expect(reports.map((r) => r.projection).sort()).toEqual(replayTargets.map((t) => t.name).sort());
    expect(reports.find((r) => r.projection === first)?.resumed).toBe(true);
    expect(await tables(b.clickhouse)).toEqual(await reference);
    expect(await leftovers(b.clickhouse)).toEqual([]);
    for (const t of replayTargets) expect(await saved(b, t.name), t.name).toBeUndefined();
  });

  it('killed as a swap begins, a rerun finishes the swap to the same rows', async () => {
    // The kill follows the checkpoint that announces the swap: it lands inside the swap (RENAME, copy of
    // later live rows, drop of the old tables, version record), before the checkpoint is cleared.
    const swap = await firstSwap(c);
    await killDuring(c, { at: swap.projection });
    swap.stop();
    const swapping = await swap.projection;
    expect((await saved(c, swapping))?.phase, 'the killed swap is unfinished').toBe('swapping');

    const locks = await keepDeadLocks(c);
    expect(locks.held).toBeGreaterThan(0);
    const rerun = await replay(c).finally(() => locks.stop());
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await tables(c.clickhouse)).toEqual(await reference);
    expect(await leftovers(c.clickhouse)).toEqual([]);
    for (const t of replayTargets) expect(await saved(c, t.name), t.name).toBeUndefined();
  });
});
