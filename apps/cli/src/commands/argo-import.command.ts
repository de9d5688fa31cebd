import path from 'node:path';
import { parseArgs } from 'node:util';
import { ARGO_FEEDS, ArgoFileError, checkAggregationOperations, importProfiles, readArgoFiles } from '@vigil/argo';
import { loadConfig } from '@vigil/config';
import { JetStreamEventStore } from '@vigil/event-store';
import { connectNats } from '@vigil/messaging';
import { UsageError, type CliCommand } from '../command';

const help = `Usage: vigil argo import [--tenant T] [--config F] [--operations F] [--aggregation F]
         [--metric-profile F] [--thresholds F] [--topology-endpoints F] [--topology-groups F]
         [--downtimes F] [--weights F] [--status-settings F]

Loads ARGO-format files (web-API JSON, envelopes {"status", "data"} accepted; Avro for metric
profiles, topology, downtimes and weights) into a tenant (default: default), one event per
changed profile or feed on the tenant's profile streams:
  --operations          OperationsProfileSet       stream profile/operations
  --aggregation         AggregationProfileSet      stream profile/aggregation
  --metric-profile      MetricProfileSet           stream profile/metric-profile
  --thresholds          ThresholdsProfileSet       stream profile/thresholds
  --config              ReportConfigSet            stream profile/report
  --weights             WeightsSet                 stream profile/weights
  --topology-endpoints  ArgoTopologyEndpointsSet   stream profile/topology-endpoints
  --topology-groups     ArgoTopologyGroupsSet      stream profile/topology-groups
  --downtimes           ArgoDowntimesSet           stream profile/downtimes
  --status-settings     StatusSettingsSet          stream profile/status-settings
Statuses follow a profile or settings from the moment its event is appended.

--status-settings is Vigil's (ARGO has no such file), the JSON of PUT /api/v1/status/settings:
  {"defaultFreshnessSeconds": 86400, "metricFreshness": [{"metric": "M", "seconds": 3600}],
   "downtimeOverlay": ["SCHEDULED"]}
freshness in whole seconds; downtimeOverlay lists the OUTAGE downtime classifications that
overlay DOWNTIME (SCHEDULED, UNSCHEDULED; [] for none; WARNING downtimes never overlay).
Omitted fields take ARGO's defaults (the values above, without per-metric windows).

The same import runs through POST /api/v1/argo/import (admin keys).

Idempotent: a file whose content (ids, dates and row order aside) equals the last imported one
appends nothing. Every file is read and checked first: one bad file imports nothing, and the
error names the file and the field.

ARGO topology and downtimes are stored as feed snapshots, not as registry (GOCDB) events: an
ARGO feed lacks what the registry requires (site contacts, certification, NGI e-mails, downtime
ids, sites and severities) and carries what it cannot hold (arbitrary tags, project groups), so
mapping it onto sites, services and downtimes would invent or lose data. Use 'vigil import gocdb'
to load the registry itself.

Prints {"tenant", "appended": [stream ids], "unchanged": [stream ids]} on stdout.
Exit codes: 0 imported, 1 a file is unreadable or invalid (nothing appended), 2 bad usage.`;

export const argoImportCommand: CliCommand = {
  path: ['argo', 'import'],
  summary: 'load ARGO profiles, topology, downtimes and weights files into a tenant',
  help,
  async run(argv: string[]): Promise<number> {
    const options = Object.fromEntries(ARGO_FEEDS.map((feed) => [feed.option, { type: 'string' as const }]));
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { ...options, tenant: { type: 'string', default: 'default' } } });
    const v = values as Record<string, string | undefined>;
    const tenant = v.tenant as string;
    if (!/^[A-Za-z0-9_-]+$/.test(tenant)) throw new UsageError(`--tenant must match [A-Za-z0-9_-]+, got '${tenant}'`);
    if (!ARGO_FEEDS.some((feed) => v[feed.option])) throw new UsageError(`nothing to import: give at least one of ${ARGO_FEEDS.map((f) => `--${f.option}`).join(', ')}`);
    try {
      const imports = await readArgoFiles(v, (file) => path.basename(file));
      const config = loadConfig();
      const nats = await connectNats(config.natsUrl, 'vigil-argo-import');
      try {
        const store = await JetStreamEventStore.open(nats);
        await checkAggregationOperations(store, tenant, imports);
        const summary = await importProfiles(store, tenant, imports);
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return 0;
      } finally {
        await nats.close();
      }
    } catch (err) {
      if (!(err instanceof ArgoFileError)) throw err;
      process.stderr.write(`vigil argo import: ${err.message} (nothing imported)\n`);
      return 1;
    }
  },
};
