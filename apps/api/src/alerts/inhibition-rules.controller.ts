import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { checkInhibitionRule, INHIBITION_RULES_STREAM, inhibitionRuleDecider, NotFound, type InhibitionRuleInput, type InhibitionRules } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { AlertWrites } from './alert-writes.service';
import { ApiId, ApiNotFound, asBadRequest } from './alerts-openapi';
import { CreateInhibitionRuleDto, InhibitionRuleDto, InhibitionRuleListDto, type MatcherDto } from './alerts.dto';

const matchers = (ms: MatcherDto[]) => ms.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex ?? false, isEqual: m.isEqual ?? true }));

/** Alertmanager inhibition: while a source alert fires, matching targets sharing the `equal` labels are not delivered. */
@ApiTags('alerting: inhibition rules')
@Controller('api/v1/inhibition-rules')
export class InhibitionRulesController {
  constructor(private readonly writes: AlertWrites) {}

  private rules(tenant: string): Promise<InhibitionRules> {
    return this.writes.state<InhibitionRules, never>(inhibitionRuleDecider as never, tenant, INHIBITION_RULES_STREAM);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's inhibition rules" })
  @ApiOkResponse({ type: InhibitionRuleListDto, description: 'Every inhibition rule.' })
  async list(@CurrentTenant() tenant: string): Promise<InhibitionRuleListDto> {
    return { items: [...(await this.rules(tenant)).values()] };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inhibition rule' })
  @ApiId('inhibition rule')
  @ApiOkResponse({ type: InhibitionRuleDto, description: 'The rule.' })
  @ApiNotFound('inhibition rule')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<InhibitionRuleDto> {
    const rule = (await this.rules(tenant)).get(id);
    if (!rule) throw new NotFound('inhibition rule', id);
    return rule;
  }

  @Post()
  @RequireRole('operator')
  @ApiOperation({ summary: 'Create an inhibition rule: a firing source alert mutes matching targets with the same equal labels' })
  @ApiCreatedResponse({ type: InhibitionRuleDto, description: 'The rule.' })
  async create(@CurrentTenant() tenant: string, @Body() dto: CreateInhibitionRuleDto): Promise<InhibitionRuleDto> {
    const input: InhibitionRuleInput = { sourceMatchers: matchers(dto.sourceMatchers), targetMatchers: matchers(dto.targetMatchers), equal: dto.equal };
    asBadRequest(() => checkInhibitionRule(input));
    const id = randomUUID();
    return (await this.writes.run(inhibitionRuleDecider, tenant, INHIBITION_RULES_STREAM, { type: 'CreateInhibitionRule', id, rule: input })).get(id)!;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove an inhibition rule: the alerts it muted are delivered' })
  @ApiId('inhibition rule')
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFound('inhibition rule')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.writes.run(inhibitionRuleDecider, tenant, INHIBITION_RULES_STREAM, { type: 'RemoveInhibitionRule', id });
  }
}
