import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { NotFound, RuleViolation, WEBHOOKS_STREAM, webhookDecider, type WebhookSubscription, type WebhookSubscriptions } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import type { VigilConfig } from '@vigil/config';
import { CLICKHOUSE, CONFIG, NATS } from '@vigil/platform';
import type { ClickHouse } from '@vigil/read-models';
import { ForbiddenTargetError, generateSecret, WebhookTargetGuard } from '@vigil/webhooks';
import { listDeadLetters, redeliverDeadLetter } from '../../../projector/src/webhooks/webhook-dead-letters';
import { webhookStreamsFor } from '../../../projector/src/webhooks/webhook-streams';
import { AlertWrites } from './alert-writes.service';
import { CreateWebhookDto, UpdateWebhookDto } from './alerts.dto';

/** A subscription without its secret: the secret is shown once, when created. */
const view = ({ secret: _secret, ...rest }: WebhookSubscription) => rest;

@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly writes: AlertWrites,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
    @Inject(CONFIG) config: VigilConfig,
  ) {
    this.guard = new WebhookTargetGuard(config.webhookAllowlist);
  }

  private readonly guard: WebhookTargetGuard;

  /** Refuses at once a target the workers would refuse (they check again: DNS may change). */
  private async checkTarget(url: string | undefined): Promise<void> {
    if (url === undefined) return;
    try {
      await this.guard.check(url);
    } catch (err) {
      if (err instanceof ForbiddenTargetError) throw new RuleViolation(err.code, err.message, 'url');
      throw err;
    }
  }

  private get streams() {
    return webhookStreamsFor(this.clickhouse.database);
  }

  @Get()
  async list(@CurrentTenant() tenant: string) {
    const subs = await this.writes.state<WebhookSubscriptions, never>(webhookDecider as never, tenant, WEBHOOKS_STREAM);
    return { items: [...subs.values()].map(view) };
  }

  @Get('dead-letters')
  @RequireRole('operator')
  async deadLetters(@CurrentTenant() tenant: string) {
    return { items: await listDeadLetters(this.nc, this.streams, tenant) };
  }

  @Post('dead-letters/:id/redeliver')
  @HttpCode(202)
  @RequireRole('operator')
  redeliver(@CurrentTenant() tenant: string, @Param('id', ParseIntPipe) id: number) {
    return redeliverDeadLetter(this.nc, this.streams, tenant, id);
  }

  @Get(':id')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    const sub = (await this.writes.state<WebhookSubscriptions, never>(webhookDecider as never, tenant, WEBHOOKS_STREAM)).get(id);
    if (!sub) throw new NotFound('webhook', id);
    return view(sub);
  }

  /** Answers the signing secret this once. */
  @Post()
  @RequireRole('operator')
  async create(@CurrentTenant() tenant: string, @Body() dto: CreateWebhookDto) {
    await this.checkTarget(dto.url);
    const id = randomUUID();
    const secret = generateSecret();
    const subs = await this.writes.run(webhookDecider, tenant, WEBHOOKS_STREAM, { type: 'Subscribe', id, secret, subscription: dto });
    return { ...view(subs.get(id)!), secret };
  }

  @Patch(':id')
  @RequireRole('operator')
  async update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateWebhookDto) {
    await this.checkTarget(dto.url);
    const subs = await this.writes.run(webhookDecider, tenant, WEBHOOKS_STREAM, { type: 'UpdateSubscription', id, patch: dto });
    return view(subs.get(id)!);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.writes.run(webhookDecider, tenant, WEBHOOKS_STREAM, { type: 'Unsubscribe', id });
  }
}
