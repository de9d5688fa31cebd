import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runArgoDay, type ArgoDayFiles } from '@vigil/argo';
import { UsageError, type CliCommand } from '../command';

const help = `Usage: vigil argo day --date YYYY-MM-DD --metric-data FILE.avro --previous-day FILE.avro
         --config FILE --operations FILE --aggregation FILE --metric-profile FILE
         --topology-endpoints FILE --topology-groups FILE [--downtimes FILE] [--thresholds FILE]
         [--recomputations FILE] [--weights FILE] --out DIR

Computes one day of ARGO status timelines, statistics and A/R from ARGO-format files and writes
status_{metric,endpoint,service,group}.json, statistics_{metric,endpoint,service,group}.json and
ar_{endpoint,service,group,supergroup}.json to DIR.`;

const required = ['date', 'metric-data', 'previous-day', 'config', 'operations', 'aggregation', 'metric-profile', 'topology-endpoints', 'topology-groups', 'out'] as const;
const optional = ['downtimes', 'thresholds', 'recomputations', 'weights'] as const;

export const argoDayCommand: CliCommand = {
  path: ['argo', 'day'],
  summary: 'compute one day of ARGO status and A/R from files',
  help,
  async run(argv: string[]): Promise<number> {
    const options = Object.fromEntries([...required, ...optional].map((name) => [name, { type: 'string' as const }]));
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    const v = values as Record<string, string | undefined>;
    const missing = required.filter((name) => !v[name]);
    if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date as string)) throw new UsageError(`--date must be YYYY-MM-DD, got '${v.date}'`);
    const files: ArgoDayFiles = {
      metricData: v['metric-data'] as string,
      previousDay: v['previous-day'] as string,
      config: v.config as string,
      operations: v.operations as string,
      aggregation: v.aggregation as string,
      metricProfile: v['metric-profile'] as string,
      topologyEndpoints: v['topology-endpoints'] as string,
      topologyGroups: v['topology-groups'] as string,
      downtimes: v.downtimes,
      thresholds: v.thresholds,
      recomputations: v.recomputations,
      weights: v.weights,
    };
    const output = await runArgoDay(v.date as string, files, Math.floor(Date.now() / 1000));
    const dir = v.out as string;
    await mkdir(dir, { recursive: true });
    for (const [name, rows] of Object.entries(output)) await writeFile(path.join(dir, name), JSON.stringify(rows, null, 1));
    process.stderr.write(`vigil argo day: wrote ${Object.keys(output).length} files to ${dir}\n`);
    return 0;
  },
};
