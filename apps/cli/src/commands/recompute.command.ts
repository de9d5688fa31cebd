import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '@vigil/config';
import { decideRecomputation, NotFound, RuleViolation, type RecomputationCommand, type RecomputationRequest } from '@vigil/domain';
import { JetStreamEventStore } from '@vigil/event-store';
import { connectNats } from '@vigil/messaging';
import { createClickHouse, sql } from '@vigil/read-models';
import { loadRecomputation, recomputationStream } from '@vigil/recompute';
import { UsageError, type CliCommand } from '../command';

const help = `Usage: vigil recompute create --tenant T --start ISO --end ISO --reason TEXT --requester WHO
                        [--exclude GROUP]... [--exclude-metric KEY=V[,KEY=V]]...
                        [--exclude-monitoring-source host=H,start=ISO,end=ISO]...
                        [--status-change KEY=V,...,status=S[,start=ISO,end=ISO]]...
       vigil recompute list --tenant T [--status pending|running|done|failed|withdrawn]
       vigil recompute withdraw --tenant T [--reason TEXT] ID

ARGO recomputations: the A/R of the period's days is recomputed from the event history with endpoint
groups counted as unknown (--exclude), metrics EXCLUDED (--exclude-metric; keys group, service,
hostname, metric), a monitoring host's results dropped, or statuses forced (--status-change; keys
group, service, hostname, metric). The projector's recompute worker runs it; withdrawing one restores
the original figures. create and withdraw print the recomputation as JSON; list prints one JSON
object per line. Exits 1 when a rule refuses the request (the reason on stderr).`;

const options = {
  tenant: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  reason: { type: 'string' },
  requester: { type: 'string' },
  status: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'exclude-metric': { type: 'string', multiple: true },
  'exclude-monitoring-source': { type: 'string', multiple: true },
  'status-change': { type: 'string', multiple: true },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true; strict: true }>>['values'];

export const recomputeCommand: CliCommand = {
  path: ['recompute'],
  summary: 'create, list or withdraw A/R recomputations',
  help,
  async run(argv) {
    const [action, ...rest] = argv;
    const { values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
    if (!values.tenant) throw new UsageError('missing --tenant');
    const config = loadConfig();
    if (action === 'list') return list(config, values.tenant, values.status);
    if (action !== 'create' && action !== 'withdraw') throw new UsageError(`expected create, list or withdraw, got '${action ?? ''}'`);
    const nats = await connectNats(config.natsUrl, 'vigil-recompute');
    try {
      const store = await JetStreamEventStore.open(nats);
      const [id, command] = action === 'create' ? createCommand(values) : withdrawCommand(values, positionals);
      const { state, revision } = await loadRecomputation(store, values.tenant, id);
      const events = decideRecomputation(command, state, Date.now());
      await store.append(recomputationStream(values.tenant, id), events, revision < 0 ? 'no-stream' : { revision });
      const after = (await loadRecomputation(store, values.tenant, id)).state;
      process.stdout.write(`${JSON.stringify(after.status === 'none' ? { id } : { id, status: after.status, days: after.days, request: after.request }, null, 1)}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof RuleViolation) && !(err instanceof NotFound)) throw err;
      process.stderr.write(`vigil recompute: ${err.message}${err instanceof RuleViolation && err.field ? ` (${err.field})` : ''}\n`);
      return 1;
    } finally {
      await nats.close();
    }
  },
};

async function list(config: ReturnType<typeof loadConfig>, tenant: string, status?: string): Promise<number> {
  const ch = createClickHouse({ url: config.clickhouseUrl, database: config.clickhouseDatabase });
  try {
    const filter = status ? sql`AND status = ${status}` : sql``;
    const rows = await ch.query<{ id: string; status: string; reason: string; requester: string; request: string; days: string; error: string }>(sql`
      SELECT id, status, reason, requester, request, days, error FROM recomputations FINAL WHERE tenant = ${tenant} ${filter} ORDER BY requested_at DESC, id`);
    for (const r of rows) process.stdout.write(`${JSON.stringify({ ...r, request: JSON.parse(r.request), days: JSON.parse(r.days) })}\n`);
    return 0;
  } finally {
    await ch.close();
  }
}

function createCommand(v: Values): [string, RecomputationCommand] {
  for (const name of ['start', 'end', 'reason', 'requester'] as const) if (!v[name]) throw new UsageError(`missing --${name}`);
  const request: RecomputationRequest = {
    id: randomUUID(),
    reason: v.reason as string,
    requester: v.requester as string,
    start: time('--start', v.start as string),
    end: time('--end', v.end as string),
    exclude: v.exclude ?? [],
    excludeMetrics: (v['exclude-metric'] ?? []).map((s) => {
      const kv = pairs('--exclude-metric', s, ['group', 'service', 'hostname', 'metric']);
      return { group: kv.group ?? null, service: kv.service ?? null, hostname: kv.hostname ?? null, metric: kv.metric ?? null };
    }),
    excludeMonitoringSource: (v['exclude-monitoring-source'] ?? []).map((s) => {
      const kv = pairs('--exclude-monitoring-source', s, ['host', 'start', 'end']);
      if (!kv.host || !kv.start || !kv.end) throw new UsageError(`--exclude-monitoring-source needs host, start and end, got '${s}'`);
      return { host: kv.host, start: time('start', kv.start), end: time('end', kv.end) };
    }),
    appliedStatusChanges: (v['status-change'] ?? []).map((s) => {
      const kv = pairs('--status-change', s, ['group', 'service', 'hostname', 'metric', 'status', 'start', 'end']);
      if (!kv.status) throw new UsageError(`--status-change needs status=, got '${s}'`);
      return {
        group: kv.group ?? null, service: kv.service ?? null, hostname: kv.hostname ?? null, metric: kv.metric ?? null, status: kv.status.toUpperCase(),
        start: kv.start ? time('start', kv.start) : null, end: kv.end ? time('end', kv.end) : null,
      };
    }),
  };
  return [request.id, { type: 'RequestRecomputation', request }];
}

function withdrawCommand(v: Values, positionals: string[]): [string, RecomputationCommand] {
  if (positionals.length !== 1) throw new UsageError('give the ID of one recomputation to withdraw');
  return [positionals[0], { type: 'WithdrawRecomputation', id: positionals[0], reason: v.reason ?? null }];
}

function time(name: string, text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${name} must be an ISO-8601 time with a zone (e.g. 2025-06-02T18:00:00Z), got '${text}'`);
  return ms;
}

function pairs(flag: string, text: string, keys: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq);
    if (eq <= 0 || !keys.includes(key) || part.length === eq + 1) throw new UsageError(`${flag}: expected KEY=VALUE with KEY one of ${keys.join(', ')}, got '${part}'`);
    out[key] = part.slice(eq + 1);
  }
  return out;
}
