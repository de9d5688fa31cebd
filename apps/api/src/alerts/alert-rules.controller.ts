import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ALERT_RULES_STREAM, alertRuleDecider, MINUTE, NotFound, type AlertRuleData, type AlertRules } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { CLICKHOUSE } from '@vigil/platform';
import { sql, type ClickHouse } from '@vigil/read-models';
import { IsIn, IsOptional } from 'class-validator';
import { AlertWrites } from './alert-writes.service';
import { CreateAlertRuleDto, UpdateAlertRuleDto } from './alerts.dto';

/** The rule as the API shows it: the interval in minutes, like Icinga's. */
const view = (r: AlertRuleData) => {
  const { notificationInterval, ...rest } = r;
  return { ...rest, notificationIntervalMinutes: notificationInterval / MINUTE };
};

const minutes = (m: number | undefined) => (m === undefined ? undefined : m * MINUTE);

export class AlertListQuery {
  @IsOptional() @IsIn(['firing', 'resolved'])
  state?: 'firing' | 'resolved';
}

@Controller('api/v1')
export class AlertRulesController {
  constructor(
    private readonly writes: AlertWrites,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
  ) {}

  @Get('alert-rules')
  async list(@CurrentTenant() tenant: string) {
    const rules = await this.writes.state<AlertRules, never>(alertRuleDecider as never, tenant, ALERT_RULES_STREAM);
    return { items: [...rules.values()].map(view) };
  }

  @Get('alert-rules/:id')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    const rule = (await this.writes.state<AlertRules, never>(alertRuleDecider as never, tenant, ALERT_RULES_STREAM)).get(id);
    if (!rule) throw new NotFound('alert rule', id);
    return view(rule);
  }

  @Post('alert-rules')
  @RequireRole('operator')
  async create(@CurrentTenant() tenant: string, @Body() dto: CreateAlertRuleDto) {
    const id = randomUUID();
    const { notificationIntervalMinutes, ...rule } = dto;
    const rules = await this.writes.run(alertRuleDecider, tenant, ALERT_RULES_STREAM, { type: 'CreateAlertRule', id, rule: { ...rule, notificationInterval: minutes(notificationIntervalMinutes) } });
    return view(rules.get(id)!);
  }

  @Patch('alert-rules/:id')
  @RequireRole('operator')
  async update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateAlertRuleDto) {
    const { notificationIntervalMinutes, ...patch } = dto;
    const rules = await this.writes.run(alertRuleDecider, tenant, ALERT_RULES_STREAM, { type: 'UpdateAlertRule', id, patch: { ...patch, notificationInterval: minutes(notificationIntervalMinutes) } });
    return view(rules.get(id)!);
  }

  @Delete('alert-rules/:id')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.writes.run(alertRuleDecider, tenant, ALERT_RULES_STREAM, { type: 'RemoveAlertRule', id });
  }

  /** The current alert set (latest state per alert), newest first. */
  @Get('alerts')
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
