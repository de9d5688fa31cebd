import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { checkSilence, NotFound, SILENCES_STREAM, silenceDecider, silenceEnd, silenceState, type Silence, type SilenceInput, type Silences } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { toEpoch, toEpochOrUndefined, toIso } from '../registry/shared/date-time';
import { AlertWrites } from './alert-writes.service';
import { ApiConflict, ApiId, ApiNotFound, asBadRequest } from './alerts-openapi';
import { CreateSilenceDto, SilenceDto, SilenceListDto, SilenceListQuery } from './alerts.dto';

const view = (s: Silence, now: number): SilenceDto => ({
  id: s.id,
  matchers: s.matchers,
  startsAt: toIso(s.startsAt),
  endsAt: toIso(silenceEnd(s)),
  createdBy: s.createdBy,
  comment: s.comment,
  createdAt: toIso(s.createdAt),
  state: silenceState(s, now),
});

/** Alertmanager silences: matching alerts are still recorded, but not delivered while the silence is active. */
@ApiTags('alerting: silences')
@Controller('api/v1/silences')
export class SilencesController {
  constructor(private readonly writes: AlertWrites) {}

  private silences(tenant: string): Promise<Silences> {
    return this.writes.state<Silences, never>(silenceDecider as never, tenant, SILENCES_STREAM);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's silences, newest first, with their state now" })
  @ApiOkResponse({ type: SilenceListDto, description: 'Silences (active, pending and expired).' })
  async list(@CurrentTenant() tenant: string, @Query() query: SilenceListQuery): Promise<SilenceListDto> {
    const now = Date.now();
    const items = [...(await this.silences(tenant)).values()].map((s) => view(s, now)).filter((s) => !query.state || s.state === query.state);
    return { items: items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One silence' })
  @ApiId('silence')
  @ApiOkResponse({ type: SilenceDto, description: 'The silence and its state now.' })
  @ApiNotFound('silence')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<SilenceDto> {
    const s = (await this.silences(tenant)).get(id);
    if (!s) throw new NotFound('silence', id);
    return view(s, Date.now());
  }

  @Post()
  @RequireRole('operator')
  @ApiOperation({ summary: 'Create a silence: alerts matching every matcher are not delivered between startsAt and endsAt' })
  @ApiCreatedResponse({ type: SilenceDto, description: 'The silence (a start in the past becomes now).' })
  async create(@CurrentTenant() tenant: string, @Body() dto: CreateSilenceDto): Promise<SilenceDto> {
    const now = Date.now();
    const input: SilenceInput = { ...dto, matchers: dto.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex ?? false, isEqual: m.isEqual ?? true })), startsAt: toEpochOrUndefined(dto.startsAt), endsAt: toEpoch(dto.endsAt) };
    asBadRequest(() => checkSilence(input, now));
    const id = randomUUID();
    const silences = await this.writes.run(silenceDecider, tenant, SILENCES_STREAM, { type: 'CreateSilence', id, silence: input });
    return view(silences.get(id)!, Date.now());
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Expire a silence now: the alerts it held back are delivered' })
  @ApiId('silence')
  @ApiNoContentResponse({ description: 'Expired.' })
  @ApiNotFound('silence')
  @ApiConflict('The silence has already expired (SILENCE_ALREADY_EXPIRED).')
  async expire(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.writes.run(silenceDecider, tenant, SILENCES_STREAM, { type: 'ExpireSilence', id });
  }
}
