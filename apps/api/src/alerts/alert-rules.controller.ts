import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ALERT_RULES_STREAM, alertRuleDecider, MINUTE, NotFound, type AlertRuleData, type AlertRules } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { CLICKHOUSE } from '@vigil/platform';
import { sql, type ClickHouse } from '@vigil/read-models';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertWrites } from './alert-writes.service';
import { ApiConflict, ApiId, ApiNotFound } from './alerts-openapi';
import { AlertListDto, AlertListQuery, AlertRuleDto, AlertRuleListDto, CreateAlertRuleDto, UpdateAlertRuleDto } from './alerts.dto';

/** The rule as the API shows it: the interval in minutes, like Icinga's. */
const view = (r: AlertRuleData) => {
  const { notificationInterval, ...rest } = r;
  return { ...rest, notificationIntervalMinutes: notificationInterval / MINUTE };
};

const minutes = (m: number | undefined) => (m === undefined ? undefined : m * MINUTE);

const RULE_CONFLICT = 'The name is taken, or a rule of the alert rules refuses the change (`code` says which).';

@ApiTags('alerting: rules and alerts')
@Controller('api/v1')
export class AlertRulesController {
  constructor(
    private readonly writes: AlertWrites,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
  ) {}

  @Get('alert-rules')
  @ApiOperation({ summary: "The tenant's alert rules" })
  @ApiOkResponse({ type: AlertRuleListDto, description: 'Every rule.' })
  async list(@CurrentTenant() tenant: string) {
    const rules = await this.writes.state<AlertRules, never>(alertRuleDecider as never, tenant, ALERT_RULES_STREAM);
    return { items: [...rules.values()].map(view) };
  }

  @Get('alert-rules/:id')
  @ApiOperation({ summary: 'One alert rule' })
  @ApiId('alert rule')
  @ApiOkResponse({ type: AlertRuleDto, description: 'The rule.' })
  @ApiNotFound('alert rule')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    const rule = (await this.writes.state<AlertRules, never>(alertRuleDecider as never, tenant, ALERT_RULES_STREAM)).get(id);
    if (!rule) throw new NotFound('alert rule', id);
    return view(rule);
  }

  @Post('alert-rules')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Create an alert rule (Nagios soft/hard states, re-notification, flapping)' })
  @ApiCreatedResponse({ type: AlertRuleDto, description: 'The rule, with its defaults filled in.' })
  @ApiConflict(RULE_CONFLICT)
  async create(@CurrentTenant() tenant: string, @Body() dto: CreateAlertRuleDto) {
    const id = randomUUID();
    const { notificationIntervalMinutes, ...rule } = dto;
    const rules = await this.writes.run(alertRuleDecider, tenant, ALERT_RULES_STREAM, { type: 'CreateAlertRule', id, rule: { ...rule, notificationInterval: minutes(notificationIntervalMinutes) } });
    return view(rules.get(id)!);
  }

  @Patch('alert-rules/:id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Change an alert rule' })
  @ApiId('alert rule')
  @ApiOkResponse({ type: AlertRuleDto, description: 'The rule after the change.' })
  @ApiNotFound('alert rule')
  @ApiConflict(RULE_CONFLICT)
  async update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateAlertRuleDto) {
    const { notificationIntervalMinutes, ...patch } = dto;
    const rules = await this.writes.run(alertRuleDecider, tenant, ALERT_RULES_STREAM, { type: 'UpdateAlertRule', id, patch: { ...patch, notificationInterval: minutes(notificationIntervalMinutes) } });
    return view(rules.get(id)!);
  }

  @Delete('alert-rules/:id')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove an alert rule (its open alerts resolve)' })
  @ApiId('alert rule')
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFound('alert rule')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.writes.run(alertRuleDecider, tenant, ALERT_RULES_STREAM, { type: 'RemoveAlertRule', id });
  }

  /** The current alert set (latest state per alert), newest first. */
  @Get('alerts')
  @ApiOperation({ summary: 'The current alert set (latest state of each alert), newest change first' })
  @ApiOkResponse({ type: AlertListDto, description: 'At most 1000 alerts.' })
  async alerts(@CurrentTenant() tenant: string, @Query() query: AlertListQuery) {
    const state = query.state ? sql`AND state = ${query.state}` : sql``;
    const rows = await this.clickhouse.query<Record<string, unknown>>(sql`
      SELECT alert_id, rule_id, state, kind, level, supergroup, endpoint_group, service, hostname, metric, status,
             toUnixTimestamp(since) AS since_s, toUnixTimestamp(updated_at) AS updated_s
      FROM alerts_current FINAL WHERE tenant = ${tenant} ${state} ORDER BY updated_at DESC, alert_id LIMIT 1000`);
    return {
      items: rows.map((r) => ({
        alertId: r.alert_id, ruleId: r.rule_id, state: r.state, kind: r.kind, level: r.level, supergroup: r.supergroup, endpointGroup: r.endpoint_group,
        service: r.service, hostname: r.hostname, metric: r.metric, status: r.status,
        since: new Date(Number(r.since_s) * 1000).toISOString(), updatedAt: new Date(Number(r.updated_s) * 1000).toISOString(),
      })),
    };
  }
}
