import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Patch, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AcceptsQueryKey, CurrentTenant, RequireRole } from '@vigil/http';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../shared/clock';
import { toEpoch, toEpochOrUndefined } from '../shared/date-time';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ApiConditionalWrite, ApiName, ApiNotFound, ApiRuleConflict } from '../shared/openapi.dto';
import type { ListQuery } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { downtimesAtom, downtimesCalendar, downtimesCsv, downtimesRss, type DowntimeRow, type FeedContext } from './downtime-feeds';
import { downtimeFilter } from './downtime-search';
import { downtimeIndex } from './downtime.index';
import { DowntimeWrite } from './downtime-write.command';
import { DeclareDowntimeDto, DowntimeDto, DowntimeFeedQuery, DowntimeListQuery, DowntimePageDto, UpdateDowntimeDto, type DowntimeFilterQuery } from './downtime.dto';

const ApiDowntimeId = () => ApiName('id', 'The downtime id.', '8f14e45f-ceea-467f-a0e6-1e9e2a2b3c4d');
const FEED = 'Every downtime matching the filters, unpaged; the key may be given as ?api_key=.';

// Every match in one page: feeds and exports are not paged.
const EVERYTHING: ListQuery = { limit: Number.MAX_SAFE_INTEGER };

/** Downtimes: writes, search, and the feeds and exports (routed under api/v1 so `downtimes.ics` is not an `:id`). */
@ApiTags('registry: downtimes')
@Controller('api/v1')
@UseInterceptors(RevisionEtagInterceptor)
export class DowntimesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Downtimes by start time (then id), filtered, one page at a time. */
  @Get('downtimes')
  @ApiOperation({ summary: 'Downtimes by start time, filtered, one page at a time' })
  @ApiOkResponse({ type: DowntimePageDto, description: 'One page; nextCursor leads to the next.' })
  list(@CurrentTenant() tenant: string, @Query() query: DowntimeListQuery) {
    const { limit, cursor, ...filters } = query;
    return this.search(tenant, filters, { limit, cursor });
  }

  /** The JSON export: every match as a plain array. */
  @Get('downtimes.json')
  @ApiOperation({ summary: 'JSON export of the matching downtimes', description: FEED })
  @ApiOkResponse({ type: DowntimeDto, isArray: true, description: 'Every match as a plain array.' })
  @AcceptsQueryKey()
  async exportJson(@CurrentTenant() tenant: string, @Query() query: DowntimeFeedQuery): Promise<DowntimeRow[]> {
    return this.matching(tenant, query);
  }

  @Get('downtimes.csv')
  @ApiOperation({ summary: 'CSV export of the matching downtimes', description: FEED })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'A header row, then one row per downtime (attachment downtimes.csv).', schema: { type: 'string' } })
  @AcceptsQueryKey()
  @Header('Content-Type', 'text/csv; charset=utf-8; header=present')
  @Header('Content-Disposition', 'attachment; filename="downtimes.csv"')
  async exportCsv(@CurrentTenant() tenant: string, @Query() query: DowntimeFeedQuery): Promise<string> {
    return downtimesCsv(await this.matching(tenant, query));
  }

  @Get('downtimes.ics')
  @ApiOperation({ summary: 'iCalendar feed of the matching downtimes', description: FEED })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'One VEVENT per downtime.', schema: { type: 'string' } })
  @AcceptsQueryKey()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'inline; filename="downtimes.ics"')
  async calendar(@CurrentTenant() tenant: string, @Query() query: DowntimeFeedQuery, @Req() req: Request): Promise<string> {
    return downtimesCalendar(await this.matching(tenant, query), this.context(tenant, query, req));
  }

  @Get('downtimes.rss')
  @ApiOperation({ summary: 'RSS 2.0 feed of the matching downtimes', description: FEED })
  @ApiProduces('application/rss+xml')
  @ApiOkResponse({ description: 'One item per downtime.', schema: { type: 'string' } })
  @AcceptsQueryKey()
  @Header('Content-Type', 'application/rss+xml; charset=utf-8')
  async rss(@CurrentTenant() tenant: string, @Query() query: DowntimeFeedQuery, @Req() req: Request): Promise<string> {
    return downtimesRss(await this.matching(tenant, query), this.context(tenant, query, req));
  }

  @Get('downtimes.atom')
  @ApiOperation({ summary: 'Atom feed of the matching downtimes', description: FEED })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'One entry per downtime.', schema: { type: 'string' } })
  @AcceptsQueryKey()
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  async atom(@CurrentTenant() tenant: string, @Query() query: DowntimeFeedQuery, @Req() req: Request): Promise<string> {
    return downtimesAtom(await this.matching(tenant, query), this.context(tenant, query, req));
  }

  @Get('downtimes/:id')
  @ApiOperation({ summary: 'One downtime' })
  @ApiDowntimeId()
  @ApiOkResponse({ type: DowntimeDto, description: 'The downtime; its revision is also the ETag.' })
  @ApiNotFound('downtime')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    return (await this.views.index(tenant, downtimeIndex)).get(id);
  }

  @Post('downtimes')
  @ApiOperation({ summary: 'Declares a downtime of services of one site (operator)' })
  @ApiCreatedResponse({ type: DowntimeDto, description: 'The declared downtime, with its classification.' })
  @ApiRuleConflict()
  @RequireRole('operator')
  declare(@CurrentTenant() tenant: string, @Body() dto: DeclareDowntimeDto) {
    const { id = randomUUID(), start, end, ...rest } = dto;
    return this.commands.execute(new DowntimeWrite(tenant, { type: 'DeclareDowntime', ...rest, id, start: toEpoch(start), end: toEpoch(end) }));
  }

  @Patch('downtimes/:id')
  @ApiOperation({ summary: 'Changes the given fields of a downtime (operator)' })
  @ApiDowntimeId()
  @ApiOkResponse({ type: DowntimeDto, description: 'The downtime as changed.' })
  @ApiConditionalWrite('downtime')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateDowntimeDto, @ExpectedRevision() revision?: number) {
    const { start, end, ...rest } = dto;
    const command = { type: 'UpdateDowntime' as const, ...rest, id, start: toEpochOrUndefined(start), end: toEpochOrUndefined(end) };
    return this.commands.execute(new DowntimeWrite(tenant, command, revision));
  }

  /** Deletes a downtime that has not started (GOCDB's delete). */
  @Delete('downtimes/:id')
  @ApiOperation({ summary: 'Deletes a downtime that has not started (operator)' })
  @ApiDowntimeId()
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiConditionalWrite('downtime')
  @HttpCode(204)
  @RequireRole('operator')
  async cancel(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new DowntimeWrite(tenant, { type: 'CancelDowntime', id }, revision));
  }

  /** "End now": an ongoing downtime ends a minute from now. */
  @Post('downtimes/:id/end')
  @ApiOperation({ summary: 'Ends an ongoing downtime a minute from now (operator)' })
  @ApiDowntimeId()
  @ApiOkResponse({ type: DowntimeDto, description: 'The downtime with its new end.' })
  @ApiConditionalWrite('downtime')
  @HttpCode(200)
  @RequireRole('operator')
  endNow(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new DowntimeWrite(tenant, { type: 'EndDowntimeNow', id }, revision));
  }

  /** The one read path of every downtime search, feed and export. */
  private async search(tenant: string, filters: DowntimeFilterQuery, paging: ListQuery) {
    const registry = await this.views.of(tenant);
    return registry.index(downtimeIndex).list(paging, downtimeFilter(filters, registry.topology, this.clock()));
  }

  private async matching(tenant: string, query: DowntimeFeedQuery): Promise<DowntimeRow[]> {
    const { api_key: _key, ...filters } = query;
    return (await this.search(tenant, filters, EVERYTHING)).items;
  }

  private context(tenant: string, query: DowntimeFeedQuery, req: Request): FeedContext {
    const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const self = new URL(req.originalUrl, baseUrl);
    self.searchParams.delete('api_key'); // a feed may be shared: never echo the key
    const { api_key: _key, ...filters } = query;
    const applied = Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
    return { tenant, baseUrl, selfUrl: self.toString(), filters: applied, now: this.clock() };
  }
}
