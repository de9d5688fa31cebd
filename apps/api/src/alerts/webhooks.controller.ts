import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { NotFound, RuleViolation, WEBHOOKS_STREAM, webhookDecider, type WebhookGroupingInput, type WebhookSubscription, type WebhookSubscriptions } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import type { VigilConfig } from '@vigil/config';
import { CLICKHOUSE, CONFIG, NATS } from '@vigil/platform';
import type { ClickHouse } from '@vigil/read-models';
import { ForbiddenTargetError, generateSecret, WebhookTargetGuard } from '@vigil/webhooks';
import { listDeadLetters, redeliverDeadLetter } from '../../../projector/src/webhooks/webhook-dead-letters';
import { webhookStreamsFor } from '../../../projector/src/webhooks/webhook-streams';
import { AlertWrites } from './alert-writes.service';
import { ApiConflict, ApiId, ApiNotFound } from './alerts-openapi';
import { CreateWebhookDto, DeadLetterDto, DeadLetterListDto, UpdateWebhookDto, WebhookCreatedDto, WebhookDto, WebhookListDto } from './alerts.dto';
import { formatDuration, parseDuration } from './duration';

/** A subscription without its secret (shown once, when created), its grouping as Alertmanager spells it. */
const view = ({ secret: _secret, grouping, ...rest }: WebhookSubscription): WebhookDto => ({
  ...rest,
  groupBy: grouping?.groupBy ?? [],
  groupWait: grouping ? formatDuration(grouping.groupWait) : null,
  groupInterval: grouping ? formatDuration(grouping.groupInterval) : null,
  repeatInterval: grouping ? formatDuration(grouping.repeatInterval) : null,
});

/** The DTO's grouping fields in ms, as the decider takes them. */
const grouping = ({ groupBy, groupWait, groupInterval, repeatInterval }: CreateWebhookDto | UpdateWebhookDto): WebhookGroupingInput => ({
  groupBy,
  groupWait: parseDuration(groupWait),
  groupInterval: parseDuration(groupInterval),
  repeatInterval: parseDuration(repeatInterval),
});

const WEBHOOK_CONFLICT = 'The target is forbidden (private address not allow-listed: WEBHOOK_TARGET_FORBIDDEN) or a subscription rule refuses the change (`code` and `errors` say which).';

@ApiTags('alerting: webhooks')
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
  @ApiOperation({ summary: "The tenant's webhook subscriptions (without secrets)" })
  @ApiOkResponse({ type: WebhookListDto, description: 'Every subscription.' })
  async list(@CurrentTenant() tenant: string) {
    const subs = await this.writes.state<WebhookSubscriptions, never>(webhookDecider as never, tenant, WEBHOOKS_STREAM);
    return { items: [...subs.values()].map(view) };
  }

  @Get('dead-letters')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Deliveries that failed every retry, oldest first' })
  @ApiOkResponse({ type: DeadLetterListDto, description: 'Dead letters kept 30 days.' })
  async deadLetters(@CurrentTenant() tenant: string) {
    return { items: await listDeadLetters(this.nc, this.streams, tenant) };
  }

  @Post('dead-letters/:id/redeliver')
  @HttpCode(202)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Queue a dead letter again (same webhook-id) and remove it' })
  @ApiParam({ name: 'id', description: 'The dead-letter id from the list.', example: 42 })
  @ApiAcceptedResponse({ type: DeadLetterDto, description: 'Queued again.' })
  @ApiNotFound('dead letter')
  redeliver(@CurrentTenant() tenant: string, @Param('id', ParseIntPipe) id: number) {
    return redeliverDeadLetter(this.nc, this.streams, tenant, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook subscription (without its secret)' })
  @ApiId('webhook')
  @ApiOkResponse({ type: WebhookDto, description: 'The subscription.' })
  @ApiNotFound('webhook')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    const sub = (await this.writes.state<WebhookSubscriptions, never>(webhookDecider as never, tenant, WEBHOOKS_STREAM)).get(id);
    if (!sub) throw new NotFound('webhook', id);
    return view(sub);
  }

  /** Answers the signing secret this once. */
  @Post()
  @RequireRole('operator')
  @ApiOperation({ summary: 'Subscribe a receiver to alert events (Standard Webhooks signatures; optional Alertmanager body and grouping)' })
  @ApiCreatedResponse({ type: WebhookCreatedDto, description: 'The subscription and, this once, its signing secret.' })
  @ApiConflict(WEBHOOK_CONFLICT)
  async create(@CurrentTenant() tenant: string, @Body() dto: CreateWebhookDto) {
    await this.checkTarget(dto.url);
    const id = randomUUID();
    const secret = generateSecret();
    const { url, eventTypes, filter, format } = dto;
    const subs = await this.writes.run(webhookDecider, tenant, WEBHOOKS_STREAM, { type: 'Subscribe', id, secret, subscription: { url, eventTypes, filter, format, ...grouping(dto) } });
    return { ...view(subs.get(id)!), secret };
  }

  @Patch(':id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Change a subscription (enabled: true re-enables it; groupBy [] turns grouping off)' })
  @ApiId('webhook')
  @ApiOkResponse({ type: WebhookDto, description: 'The subscription after the change.' })
  @ApiNotFound('webhook')
  @ApiConflict(WEBHOOK_CONFLICT)
  async update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateWebhookDto) {
    await this.checkTarget(dto.url);
    const { url, eventTypes, filter, format, enabled } = dto;
    const subs = await this.writes.run(webhookDecider, tenant, WEBHOOKS_STREAM, { type: 'UpdateSubscription', id, patch: { url, eventTypes, filter, format, enabled, ...grouping(dto) } });
    return view(subs.get(id)!);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove a subscription' })
  @ApiId('webhook')
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFound('webhook')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.writes.run(webhookDecider, tenant, WEBHOOKS_STREAM, { type: 'Unsubscribe', id });
  }
}
