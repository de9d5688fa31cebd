import { parseArgs } from 'node:util';
import { loadConfig } from '@vigil/config';
import { catalog } from '@vigil/events';
import { projectionVersions, rebuildCommand, replayProjectionsThreaded, selectTargets, type ProjectionVersionStatus, type ReplayReport } from '@vigil/projections';
import { createClickHouse, productMigrationsDirectory, runMigrations } from '@vigil/read-models';
import { UsageError, type CliCommand } from '../command';
import { sequenceOfArg, sourceOptions, withEventSource } from './events-source';

const help = `Usage: vigil replay --projection NAME|all [--from POSITION|TIME] [--to POSITION|TIME] [--json]
       vigil replay --status [--json]

Rebuilds read models from the event log (clock ticks included) into shadow tables (<table>__replay),
then swaps them in with one RENAME per projection; with \`all\`, the projections rebuild side by side,
metric-results and topology on a second thread (two cores).
The live projectors keep running: rows they write meanwhile past the replayed position are carried
over at the swap. Projections: metric-results, topology, status, ar (A/R, status statistics, flapping),
alerts (alerts_history/alerts_current: rule and burn-rate alerts), budgets (error_budgets), alarms
(alarms, tickets, downtimes). Rows only: no StatusChanged, alert, alarm or ticket event is appended again.
--from/--to (event positions or ISO times) rebuild only that window; rows outside it are kept.
Interrupted (Ctrl-C, crash), the live tables are untouched and a rerun with the same options resumes.
Progress (events/s, position, ETA) goes to stderr; --json prints progress and results as JSON lines on stdout.
--status lists each projection's code version and the version that built its read model (recorded by
the live projectors when they first build it, and by each rebuild): a read model built by another
version is STALE, and the line names the command that rebuilds it. \`vigil start\` logs the same.`;

const stateText = (r: ProjectionVersionStatus): string =>
  r.state === 'current' ? 'up to date' : r.state === 'stale' ? `STALE: rebuild with ${rebuildCommand(r.projection)}` : 'not recorded (no projector started on this database yet)';

/** The table `--status` prints; a stale read model's line names the command that rebuilds it. */
export function statusTable(rows: ProjectionVersionStatus[]): string {
  const lines = [['PROJECTION', 'CODE', 'RECORDED', 'BUILT BY', 'AT', 'STATE'], ...rows.map((r) => [r.projection, `v${r.codeVersion}`, r.recordedVersion === null ? '-' : `v${r.recordedVersion}`, r.builtBy ?? '-', r.rebuiltAt ?? '-', stateText(r)])];
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Events/s over the run, and the time left at that pace (null until measurable). */
export function progressFigures(r: Pick<ReplayReport, 'events' | 'elapsedMs' | 'sequence' | 'target'>, startSequence: number) {
  const seconds = r.elapsedMs / 1000;
  const rate = seconds > 0 ? r.events / seconds : 0;
  const done = r.sequence - startSequence;
  const seqRate = seconds > 0 ? done / seconds : 0;
  return { eventsPerSecond: Math.round(rate), etaSeconds: seqRate > 0 ? Math.max(0, Math.round((r.target - r.sequence) / seqRate)) : null };
}

function progressBar(r: ReplayReport, startSequence: number): string {
  const { eventsPerSecond, etaSeconds } = progressFigures(r, startSequence);
  const share = r.target > 0 ? Math.min(1, r.sequence / r.target) : 1;
  const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
  return `${r.projection.padEnd(14)} [${bar}] ${String(Math.round(share * 100)).padStart(3)}%  seq ${r.sequence}/${r.target}  ${eventsPerSecond} ev/s  ETA ${etaSeconds === null ? '?' : `${etaSeconds}s`}`;
}

/** One projection's share of a terminal line shared by all. */
function compactBar(r: ReplayReport): string {
  const share = r.target > 0 ? Math.min(1, r.sequence / r.target) : 1;
  const seconds = r.elapsedMs / 1000;
  return `${r.projection} [${'#'.repeat(Math.round(share * 10)).padEnd(10, '.')}] ${String(Math.round(share * 100)).padStart(3)}% ${seconds > 0 ? Math.round(r.events / seconds) : 0} ev/s`;
}

export const replayCommand: CliCommand = {
  path: ['replay'],
  summary: 'rebuild read models from the event log and swap them in (or --status)',
  help,
  async run(argv) {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { ...sourceOptions, projection: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, status: { type: 'boolean' } },
    });
    if (!values.status && !values.projection) throw new UsageError('give --projection NAME|all, or --status');
    let targets;
    try {
      targets = values.projection ? selectTargets(values.projection) : [];
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const config = loadConfig();
    const clickhouse = createClickHouse({ url: config.clickhouseUrl, database: config.clickhouseDatabase });
    try {
      return await withEventSource(values, async (s) => {
        // Idempotent: makes sure projection_versions exists.
        await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: config.clickhouseDatabase }, directory: productMigrationsDirectory, nats: s.nc });
        if (values.status) {
          const rows = await projectionVersions(clickhouse);
          process.stdout.write(`${values.json ? JSON.stringify(rows) : statusTable(rows)}\n`);
          return 0;
        }
        const fromSequence = values.from ? await sequenceOfArg(s, 'from', values.from) : undefined;
        const toSequence = values.to ? await sequenceOfArg(s, 'to', values.to, true) : undefined;
        if (fromSequence !== undefined && toSequence !== undefined && fromSequence > toSequence) throw new UsageError(`--from (${values.from}) is after --to (${values.to})`);
        const controller = new AbortController();
        const interrupt = () => controller.abort();
        process.once('SIGINT', interrupt);
        process.once('SIGTERM', interrupt);
        const tty = process.stderr.isTTY;
        const bars = new Map<string, string>();
        try {
          // Two reads of the log on two threads (metric-results and topology on the second): each event is
          // decoded once per thread and goes to each of its projections.
          const starts = new Map<string, number>();
          const reports = await replayProjectionsThreaded(targets, {
            nc: s.nc, natsUrl: config.natsUrl, clickhouseUrl: config.clickhouseUrl, schemas: catalog(), clickhouse, stream: s.stream, prefix: s.prefix, fromSequence, toSequence, signal: controller.signal,
            onProgress: (r) => {
              const start = starts.get(r.projection) ?? (r.resumed ? r.sequence : (fromSequence ?? 1) - 1);
              starts.set(r.projection, start);
              if (values.json) return void process.stdout.write(`${JSON.stringify({ ...r, ...progressFigures(r, start) })}\n`);
              if (!tty) return void process.stderr.write(`${progressBar(r, start)}\n`);
              bars.set(r.projection, compactBar(r));
              process.stderr.write(`\r${[...bars.values()].join(' | ')}`);
            },
          });
          if (tty && bars.size > 0 && !values.json) process.stderr.write('\n');
          for (const report of reports) {
            const line = values.json ? JSON.stringify(report) : `${report.projection}: ${report.phase === 'swapped' ? `rebuilt through sequence ${report.sequence} (${report.events} events${report.resumed ? ', resumed' : ''}) in ${(report.elapsedMs / 1000).toFixed(1)} s and swapped in` : `interrupted at sequence ${report.sequence}: live tables untouched, rerun the same command to resume`}`;
            process.stdout.write(`${line}\n`);
          }
          return reports.some((r) => r.phase === 'aborted') ? 130 : 0;
        } finally {
          process.off('SIGINT', interrupt);
          process.off('SIGTERM', interrupt);
        }
      });
    } finally {
      await clickhouse.close();
    }
  },
};
