import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { argoTime, NotFound, RuleViolation, type RecomputationRequest, type RecomputationState } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { CLICKHOUSE } from '@vigil/platform';
import { sql, type ClickHouse } from '@vigil/read-models';
import { RecomputationWrites } from './recomputation-writes.service';
import { AppliedStatusChangeViewDto, CreateRecomputationDto, RecomputationDto, RecomputationListDto, RecomputationListQuery, WithdrawRecomputationQuery } from './recomputations.dto';

const ms = (iso: string) => Date.parse(iso);
const orNull = (v: string | undefined) => v ?? null;

function toRequest(dto: CreateRecomputationDto): RecomputationRequest {
  return {
    id: randomUUID(),
    reason: dto.reason,
    requester: dto.requester,
    start: ms(dto.start_time),
    end: ms(dto.end_time),
    exclude: [...new Set(dto.exclude ?? [])],
    excludeMetrics: (dto.exclude_metrics ?? []).map((m) => ({ group: orNull(m.group), service: orNull(m.service), hostname: orNull(m.hostname), metric: orNull(m.metric) })),
    excludeMonitoringSource: (dto.exclude_monitoring_source ?? []).map((m) => ({ host: m.host, start: ms(m.start_time), end: ms(m.end_time) })),
    appliedStatusChanges: (dto.applied_status_changes ?? []).map((c) => ({
      group: orNull(c.group), service: orNull(c.service), hostname: orNull(c.hostname), metric: orNull(c.metric),
      status: (c.status ?? c.state ?? '').toUpperCase(),
      start: c.start_time === undefined ? null : ms(c.start_time),
      end: c.end_time === undefined ? null : ms(c.end_time),
    })),
  };
}

/** A recomputation in ARGO's shape, with Vigil's status and the days it covers. */
export function recomputationView(s: Exclude<RecomputationState, { status: 'none' }>): RecomputationDto {
  const r = s.request;
  const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  return {
    id: r.id,
    requester: r.requester,
    reason: r.reason,
    start_time: argoTime(r.start),
    end_time: argoTime(r.end),
    exclude: r.exclude,
    exclude_metrics: r.excludeMetrics.map(strip),
    exclude_monitoring_source: r.excludeMonitoringSource.map((m) => ({ host: m.host, start_time: argoTime(m.start), end_time: argoTime(m.end) })),
    applied_status_changes: r.appliedStatusChanges.map(({ start, end, ...c }) => strip({ ...c, start_time: start === null ? null : argoTime(start), end_time: end === null ? null : argoTime(end) }) as AppliedStatusChangeViewDto),
    status: s.status,
    days: s.days,
    error: s.error,
    timestamp: argoTime(r.requestedAt),
  };
}

// OpenAPI only: the id parameter and the errors of the routes naming one.
const ApiRecomputationId = () => ApiParam({ name: 'id', description: 'The recomputation id (as returned on creation).', example: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' });
const ApiNoRecomputation = () => ApiNotFoundResponse({ description: 'No recomputation with this id (for this tenant).', schema: { $ref: '#/components/schemas/Problem' } });
const problem = { $ref: '#/components/schemas/Problem' };

/** ARGO-style A/R recomputations: exclusions and applied status changes over past days, recomputed by the worker. */
@ApiTags('recomputations')
@Controller('api/v1/recomputations')
export class RecomputationsController {
  constructor(
    private readonly writes: RecomputationWrites,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
  ) {}

  /** Newest first, from the read model the recompute worker keeps (a just-created one may take a moment). */
  @Get()
  @ApiOperation({ summary: 'Recomputations of the tenant, newest first' })
  @ApiOkResponse({ type: RecomputationListDto, description: 'At most 1000, newest first (a just-created one may take a moment to be listed).' })
  async list(@CurrentTenant() tenant: string, @Query() query: RecomputationListQuery): Promise<RecomputationListDto> {
    const status = query.status ? sql`AND status = ${query.status}` : sql``;
    const rows = await this.clickhouse.query<{ request: string; status: string; days: string; error: string }>(sql`
      SELECT request, status, days, error FROM recomputations FINAL WHERE tenant = ${tenant} ${status}
      ORDER BY requested_at DESC, id LIMIT 1000`);
    return {
      items: rows.map((row) => recomputationView({ status: row.status as RecomputationState['status'] & 'pending', request: JSON.parse(row.request), days: JSON.parse(row.days), error: row.error || null })),
    };
  }

  @Get(':id')
  @ApiRecomputationId()
  @ApiOperation({ summary: 'One recomputation, with its status and days' })
  @ApiOkResponse({ type: RecomputationDto, description: 'The recomputation as its event stream has it now.' })
  @ApiNoRecomputation()
  async get(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<RecomputationDto> {
    const s = await this.writes.state(tenant, id);
    if (s.status === 'none') throw new NotFound('recomputation', id);
    return recomputationView(s);
  }

  @Post()
  @RequireRole('operator')
  @ApiOperation({ summary: 'Request a recomputation of past A/R days (operator)' })
  @ApiCreatedResponse({ type: RecomputationDto, description: 'Recorded as pending: the worker recomputes its days and marks it done or failed.' })
  @ApiConflictResponse({ description: 'A rule refuses it (`code` says which): start not before end, a period not over yet or longer than allowed, nothing to exclude or apply, an applied status change without a status.', schema: problem })
  async create(@CurrentTenant() tenant: string, @Body() dto: CreateRecomputationDto): Promise<RecomputationDto> {
    const request = toRequest(dto);
    const bad = request.appliedStatusChanges.findIndex((c) => c.status === '');
    if (bad >= 0) throw new RuleViolation('STATUS_REQUIRED', 'an applied status change needs a status', `applied_status_changes.${bad}.status`);
    return recomputationView(await this.writes.run(tenant, request.id, { type: 'RequestRecomputation', request }));
  }

  /** Withdraws it: the worker recomputes its days without it, restoring the original figures. */
  @Delete(':id')
  @RequireRole('operator')
  @ApiRecomputationId()
  @ApiOperation({ summary: 'Withdraw a recomputation: its days are recomputed without it (operator)' })
  @ApiOkResponse({ type: RecomputationDto, description: 'The recomputation, now withdrawn.' })
  @ApiNoRecomputation()
  @ApiConflictResponse({ description: 'Only a pending or done recomputation can be withdrawn (RECOMPUTATION_NOT_WITHDRAWABLE).', schema: problem })
  async withdraw(@CurrentTenant() tenant: string, @Param('id') id: string, @Query() query: WithdrawRecomputationQuery): Promise<RecomputationDto> {
    return recomputationView(await this.writes.run(tenant, id, { type: 'WithdrawRecomputation', id, reason: query.reason ?? null }));
  }
}
