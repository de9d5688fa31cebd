import { parseArgs } from 'node:util';
import { loadConfig } from '@vigil/config';
import { JetStreamEventStore } from '@vigil/event-store';
import { fetchPi, formatSummary, importGocdb, jetStreamLister, readPiFiles, type DocumentKind, type PiText } from '@vigil/gocdb';
import { connectNats } from '@vigil/messaging';
import { UsageError, type CliCommand } from '../command';

const help = `Usage: vigil import gocdb [--tenant T] [--sites FILE] [--services FILE] [--service-groups FILE]
         [--downtimes FILE] [--json]
       vigil import gocdb --url BASE [--tenant T] [--json]

Imports GOCDB PI XML (as get_site, get_service_endpoint, get_service_group and get_downtime
return it) into a tenant (default: default). With --url, fetches BASE?method=get_site and the
other three methods, following the PI's next-page links.

NGIs named by a site's ROC are created; a site's certification status is taken as is on its
first import, later changes follow the certification rules. Only differences from the current
state are appended: importing the same data twice appends nothing. A malformed file or a record
breaking a rule is skipped and reported with its primary key; the rest is imported.

Prints a summary on stdout (--json: {tenant, appended, events, changed, unchanged, records,
skipped: [{kind, key, name, code, reason}]}). Exit code 1 when anything was skipped.`;

const FILE_OPTIONS: Record<string, DocumentKind> = { sites: 'sites', services: 'services', 'service-groups': 'serviceGroups', downtimes: 'downtimes' };

export const importGocdbCommand: CliCommand = {
  path: ['import', 'gocdb'],
  summary: 'import GOCDB PI XML (files or a PI URL) into a tenant',
  help,
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        tenant: { type: 'string', default: 'default' },
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
        ...Object.fromEntries(Object.keys(FILE_OPTIONS).map((name) => [name, { type: 'string' as const }])),
      },
    });
    const v = values as Record<string, string | boolean | undefined>;
    const documents = await readDocuments(v);
    const config = loadConfig();
    const nats = await connectNats(config.natsUrl, 'vigil-import-gocdb');
    try {
      const store = await JetStreamEventStore.open(nats);
      const summary = await importGocdb(documents, { store, lister: jetStreamLister(nats), tenant: v.tenant as string });
      process.stdout.write(`${v.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
      return summary.skipped.length > 0 ? 1 : 0;
    } finally {
      await nats.close();
    }
  },
};

async function readDocuments(v: Record<string, string | boolean | undefined>): Promise<PiText[]> {
  const files = Object.fromEntries(Object.entries(FILE_OPTIONS).flatMap(([option, kind]) => (typeof v[option] === 'string' ? [[kind, v[option]]] : [])));
  if (typeof v.tenant !== 'string' || !/^[A-Za-z0-9_-]+$/.test(v.tenant)) throw new UsageError(`--tenant must match [A-Za-z0-9_-]+, got '${v.tenant}'`);
  if (typeof v.url === 'string') {
    if (Object.keys(files).length > 0) throw new UsageError('give either --url or files, not both');
    if (!URL.canParse(v.url)) throw new UsageError(`--url must be a URL, got '${v.url}'`);
    return fetchPi(v.url);
  }
  if (Object.keys(files).length === 0) throw new UsageError('nothing to import: give --sites, --services, --service-groups, --downtimes or --url');
  return readPiFiles(files);
}
