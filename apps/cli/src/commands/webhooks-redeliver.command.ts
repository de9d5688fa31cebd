import { parseArgs } from 'node:util';
import { loadConfig } from '@vigil/config';
import { NotFound } from '@vigil/domain';
import { connectNats } from '@vigil/messaging';
import { UsageError, type CliCommand } from '../command';
import { listDeadLetters, redeliverDeadLetter } from '../../../projector/src/webhooks/webhook-dead-letters';
import { webhookStreamsFor } from '../../../projector/src/webhooks/webhook-streams';

const help = `Usage: vigil webhooks redeliver --tenant TENANT [--list | --all | ID...]

Webhook deliveries that failed every retry wait as dead letters (30 days).
  --list      print the tenant's dead letters, one JSON object per line (id, subscription,
              webhook-id, event type, attempts, last status, reason, failed at)
  --all       queue every dead letter of the tenant again
  ID...       queue these dead letters again
A redelivery keeps its webhook-id, so receivers that already have it can drop it.
Exits 1 when an ID is not a dead letter of the tenant.`;

export const webhooksRedeliverCommand: CliCommand = {
  path: ['webhooks', 'redeliver'],
  summary: 'list webhook dead letters, or queue them for delivery again',
  help,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, options: { tenant: { type: 'string' }, list: { type: 'boolean' }, all: { type: 'boolean' } }, strict: true, allowPositionals: true });
    const tenant = values.tenant;
    if (!tenant) throw new UsageError('missing --tenant');
    const ids = positionals.map((p) => {
      if (!/^\d+$/.test(p)) throw new UsageError(`'${p}' is not a dead-letter id (a positive integer from --list)`);
      return Number(p);
    });
    const modes = [values.list, values.all, ids.length > 0].filter(Boolean).length;
    if (modes !== 1) throw new UsageError('give exactly one of --list, --all or dead-letter IDs');
    const config = loadConfig();
    const streams = webhookStreamsFor(config.clickhouseDatabase);
    const nats = await connectNats(config.natsUrl, 'vigil-webhooks');
    try {
      if (values.list) {
        for (const l of await listDeadLetters(nats, streams, tenant)) process.stdout.write(`${JSON.stringify({ ...l, payload: undefined })}\n`);
        return 0;
      }
      const targets = values.all ? (await listDeadLetters(nats, streams, tenant)).map((l) => l.id) : ids;
      let failed = 0;
      for (const id of targets) {
        try {
          const l = await redeliverDeadLetter(nats, streams, tenant, id);
          process.stdout.write(`queued ${id} (${l.eventType} to subscription ${l.subscriptionId}, webhook-id ${l.webhookId})\n`);
        } catch (err) {
          if (!(err instanceof NotFound)) throw err;
          process.stderr.write(`vigil webhooks redeliver: no dead letter ${id} for tenant ${tenant}\n`);
          failed++;
        }
      }
      return failed > 0 ? 1 : 0;
    } finally {
      await nats.close();
    }
  },
};
