import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentTenant } from '@vigil/http';
import { pathName } from '../status/key-cursor';
import { figureCells, FIGURE_COLUMNS, formatOf, output, type CsvTable, type HeaderTarget } from './results-output';
import { ResultsReader, type ResultsItem, type ResultsPage, type ResultsPath } from './results-reader.service';
import { FlappingQueryDto, ResultsGroupsQueryDto, ResultsQueryDto } from './results-query.dto';
import { FlappingDto, GroupResultsPageDto, SupergroupResultsPageDto, type GroupResultsDto, type ServiceResultsDto } from './results-response.dto';
import { ApiItemPath, singleItem } from '../status/item-routes';

type Request = { headers: Record<string, string | string[] | undefined> };
type Answer<T> = Promise<T | string>;

/** A single-item route answers 404 when the item has nothing to show. */
const single = (page: ResultsPage, what: string): ResultsPage => singleItem(page, what, 'it has no A/R results (for this tenant) in the range asked');

const PAGE = 'A/R figures per period in ARGO form (CSV with format=csv or Accept: text/csv, one line per item and period); nextCursor (CSV: X-Next-Cursor) leads to the next page.';
const ApiResults = (type: new () => object, description = PAGE) => ApiOkResponse({ type, description });
const ApiNoResults = () => ApiNotFoundResponse({ description: 'The item has no A/R results (for this tenant) in the range asked.', schema: { $ref: '#/components/schemas/Problem' } });

/**
 * ARGO-shaped A/R results (api/v2/results) from the continuous A/R read models: supergroups,
 * endpoint groups, their services and endpoints, daily, monthly or over a custom range; JSON or CSV.
 */
@ApiTags('results')
@ApiProduces('application/json', 'text/csv')
@Controller('api/v1/results')
export class ResultsController {
  constructor(private readonly reader: ResultsReader) {}

  @Get('supergroups')
  @ApiOperation({ summary: 'A/R of supergroups (e.g. NGIs): weighted mean of their endpoint groups' })
  @ApiResults(SupergroupResultsPageDto)
  async supergroups(@CurrentTenant() tenant: string, @Query() q: ResultsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: HeaderTarget): Answer<SupergroupResultsPageDto> {
    return this.supergroupAnswer(tenant, q, req, res, await this.reader.page(tenant, { level: 'supergroup' }, q));
  }

  @Get('supergroups/:supergroup')
  @ApiItemPath('supergroup')
  @ApiOperation({ summary: 'A/R of one supergroup' })
  @ApiResults(SupergroupResultsPageDto)
  @ApiNoResults()
  async supergroup(
    @CurrentTenant() tenant: string,
    @Param('supergroup') supergroup: string,
    @Query() q: ResultsQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: HeaderTarget,
  ): Answer<SupergroupResultsPageDto> {
    const page = await this.reader.page(tenant, { level: 'supergroup', supergroup: pathName('supergroup', supergroup) }, q);
    return this.supergroupAnswer(tenant, q, req, res, single(page, `supergroup '${supergroup}'`));
  }

  @Get('groups')
  @ApiOperation({ summary: 'A/R of endpoint groups (sites or service groups)' })
  @ApiResults(GroupResultsPageDto)
  async groups(@CurrentTenant() tenant: string, @Query() q: ResultsGroupsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: HeaderTarget): Answer<GroupResultsPageDto> {
    const { supergroup, ...rest } = q;
    return this.groupAnswer(tenant, rest, req, res, { level: 'group', supergroup });
  }

  @Get('groups/:group')
  @ApiItemPath('group')
  @ApiOperation({ summary: 'A/R of one endpoint group' })
  @ApiResults(GroupResultsPageDto)
  @ApiNoResults()
  async group(@CurrentTenant() tenant: string, @Param('group') group: string, @Query() q: ResultsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: HeaderTarget): Answer<GroupResultsPageDto> {
    return this.groupAnswer(tenant, q, req, res, { level: 'group', endpointGroup: pathName('group', group) }, `endpoint group '${group}'`);
  }

  @Get('groups/:group/services')
  @ApiItemPath('group')
  @ApiOperation({ summary: 'A/R of the services (service types) of an endpoint group' })
  @ApiResults(GroupResultsPageDto)
  async services(@CurrentTenant() tenant: string, @Param('group') group: string, @Query() q: ResultsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: HeaderTarget): Answer<GroupResultsPageDto> {
    return this.groupAnswer(tenant, q, req, res, { level: 'service', endpointGroup: pathName('group', group) });
  }

  @Get('groups/:group/services/:service')
  @ApiItemPath('group', 'service')
  @ApiOperation({ summary: 'A/R of one service of an endpoint group' })
  @ApiResults(GroupResultsPageDto)
  @ApiNoResults()
  async service(
    @CurrentTenant() tenant: string,
    @Param('group') group: string,
    @Param('service') service: string,
    @Query() q: ResultsQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: HeaderTarget,
  ): Answer<GroupResultsPageDto> {
    const path: ResultsPath = { level: 'service', endpointGroup: pathName('group', group), service: pathName('service', service) };
    return this.groupAnswer(tenant, q, req, res, path, `service '${service}' of '${group}'`);
  }

  @Get('groups/:group/services/:service/endpoints')
  @ApiItemPath('group', 'service')
  @ApiOperation({ summary: 'A/R of the endpoints of a service' })
  @ApiResults(GroupResultsPageDto)
  async endpoints(
    @CurrentTenant() tenant: string,
    @Param('group') group: string,
    @Param('service') service: string,
    @Query() q: ResultsQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: HeaderTarget,
  ): Answer<GroupResultsPageDto> {
    return this.groupAnswer(tenant, q, req, res, { level: 'endpoint', endpointGroup: pathName('group', group), service: pathName('service', service) });
  }

  @Get('groups/:group/services/:service/endpoints/:hostname')
  @ApiItemPath('group', 'service', 'hostname')
  @ApiOperation({ summary: 'A/R of one endpoint' })
  @ApiResults(GroupResultsPageDto)
  @ApiNoResults()
  async endpoint(
    @CurrentTenant() tenant: string,
    @Param('group') group: string,
    @Param('service') service: string,
    @Param('hostname') hostname: string,
    @Query() q: ResultsQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: HeaderTarget,
  ): Answer<GroupResultsPageDto> {
    const path: ResultsPath = { level: 'endpoint', endpointGroup: pathName('group', group), service: pathName('service', service), hostname: pathName('hostname', hostname) };
    return this.groupAnswer(tenant, q, req, res, path, `endpoint '${hostname}' (${service}) of '${group}'`);
  }

  @Get('flapping')
  @ApiOperation({ summary: 'Flapping trends: the items with the most status changes over a range' })
  @ApiResults(FlappingDto, 'The items with the most status changes, most first (CSV with format=csv or Accept: text/csv).')
  async flapping(@CurrentTenant() tenant: string, @Query() q: FlappingQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: HeaderTarget): Answer<FlappingDto> {
    const { range, items } = await this.reader.flapping(tenant, q);
    const rows = items.map(({ endpoint_group, ...rest }) => ({ supergroup: rest.supergroup, group: endpoint_group, function: rest.function, service: rest.service, hostname: rest.hostname, changes: rest.changes, days: rest.days }));
    const json: FlappingDto = { level: q.level ?? 'endpoint', start_time: range.firstDay, end_time: range.lastDay, items: rows };
    const columns = ['supergroup', 'group', 'function', 'service', 'hostname', 'changes', 'days'] as const;
    return output(formatOf(q.format, req.headers.accept), res, json, () => ({ header: columns, rows: rows.map((r) => columns.map((c) => r[c])) }));
  }

  private async supergroupAnswer(tenant: string, q: ResultsQueryDto, req: Request, res: HeaderTarget, page: ResultsPage): Answer<SupergroupResultsPageDto> {
    const typeOf = await this.reader.supergroupTypes(tenant, page.items.map((i) => i.key.supergroup));
    const results = page.items.map((i) => ({ name: i.key.supergroup, type: typeOf(i.key.supergroup), results: i.results }));
    const csv = (): CsvTable => ({
      header: ['supergroup', 'type', ...FIGURE_COLUMNS],
      rows: results.flatMap((s) => s.results.map((f) => [s.name, s.type, ...figureCells(f)])),
    });
    return output(formatOf(q.format, req.headers.accept), res, { results, nextCursor: page.nextCursor }, csv, page.nextCursor);
  }

  /** Endpoint groups, or items below them wrapped in their group (ARGO nests every level in its parents). */
  private async groupAnswer(tenant: string, q: ResultsQueryDto, req: Request, res: HeaderTarget, path: ResultsPath, singleItem?: string): Answer<GroupResultsPageDto> {
    const loaded = await this.reader.page(tenant, path, q);
    const page = singleItem ? single(loaded, singleItem) : loaded;
    const typeOf = await this.reader.groupTypes(tenant, page.items.map((i) => i.key.endpoint_group));
    const results = nest(page.items, path.level, typeOf);
    const csv = (): CsvTable => csvOfGroups(results, path.level);
    return output(formatOf(q.format, req.headers.accept), res, { results, nextCursor: page.nextCursor }, csv, page.nextCursor);
  }
}

/** Items in key order nested group → serviceflavor → endpoint, as far down as the level goes. */
function nest(items: ResultsItem[], level: ResultsPath['level'], typeOf: (group: string) => string): GroupResultsDto[] {
  const groups = new Map<string, GroupResultsDto>();
  for (const { key, results } of items) {
    const id = `${key.endpoint_group}\u0000${key.supergroup}`;
    let group = groups.get(id);
    if (!group) {
      group = { name: key.endpoint_group, type: typeOf(key.endpoint_group), supergroup: key.supergroup, ...(level === 'group' ? {} : { serviceflavors: [] }) };
      groups.set(id, group);
    }
    if (level === 'group') {
      group.results = results;
      continue;
    }
    const flavors = group.serviceflavors!;
    if (level === 'service') {
      flavors.push({ name: key.service, type: 'service', results });
      continue;
    }
    let flavor: ServiceResultsDto | undefined = flavors.find((f) => f.name === key.service);
    if (!flavor) {
      flavor = { name: key.service, type: 'service', endpoints: [] };
      flavors.push(flavor);
    }
    flavor.endpoints!.push({ name: key.hostname, type: 'endpoint', results });
  }
  return [...groups.values()];
}

/** One CSV line per item per period: the item's names, then its figures. */
function csvOfGroups(groups: GroupResultsDto[], level: ResultsPath['level']): CsvTable {
  const names = ['group', 'type', 'supergroup', ...(level === 'group' ? [] : ['service']), ...(level === 'endpoint' ? ['hostname'] : [])];
  const rows = groups.flatMap((g) => {
    const head = [g.name, g.type, g.supergroup];
    if (level === 'group') return (g.results ?? []).map((f) => [...head, ...figureCells(f)]);
    return (g.serviceflavors ?? []).flatMap((s) =>
      level === 'service'
        ? (s.results ?? []).map((f) => [...head, s.name, ...figureCells(f)])
        : (s.endpoints ?? []).flatMap((e) => e.results.map((f) => [...head, s.name, e.name, ...figureCells(f)])),
    );
  });
  return { header: [...names, ...FIGURE_COLUMNS], rows };
}
