import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { randomUUID } from 'node:crypto';
import { toEpoch, toEpochOrUndefined } from '../shared/date-time';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { downtimeIndex } from './downtime.index';
import { DowntimeWrite } from './downtime-write.command';
import { DeclareDowntimeDto, DowntimeListQuery, UpdateDowntimeDto } from './downtime.dto';

@Controller('api/v1/downtimes')
@UseInterceptors(RevisionEtagInterceptor)
export class DowntimesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  /** Downtimes by start time, optionally of one site or one service. */
  @Get()
  async list(@CurrentTenant() tenant: string, @Query() query: DowntimeListQuery) {
    const { site, service } = query;
    return (await this.views.index(tenant, downtimeIndex)).list(query, ({ state }) => {
      if (state.status !== 'declared') return false;
      return (!site || state.downtime.site === site) && (!service || state.downtime.services.includes(service));
    });
  }

  @Get(':id')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    return (await this.views.index(tenant, downtimeIndex)).get(id);
  }

  @Post()
  @RequireRole('operator')
  declare(@CurrentTenant() tenant: string, @Body() dto: DeclareDowntimeDto) {
    const { id = randomUUID(), start, end, ...rest } = dto;
    return this.commands.execute(new DowntimeWrite(tenant, { type: 'DeclareDowntime', ...rest, id, start: toEpoch(start), end: toEpoch(end) }));
  }

  @Patch(':id')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateDowntimeDto, @ExpectedRevision() revision?: number) {
    const { start, end, ...rest } = dto;
    const command = { type: 'UpdateDowntime' as const, ...rest, id, start: toEpochOrUndefined(start), end: toEpochOrUndefined(end) };
    return this.commands.execute(new DowntimeWrite(tenant, command, revision));
  }

  /** Deletes a downtime that has not started (GOCDB's delete). */
  @Delete(':id')
  @HttpCode(204)
  @RequireRole('operator')
  async cancel(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new DowntimeWrite(tenant, { type: 'CancelDowntime', id }, revision));
  }

  /** "End now": an ongoing downtime ends a minute from now. */
  @Post(':id/end')
  @HttpCode(200)
  @RequireRole('operator')
  endNow(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new DowntimeWrite(tenant, { type: 'EndDowntimeNow', id }, revision));
  }
}
