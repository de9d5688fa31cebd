import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant } from '@vigil/http';
import { pathName } from './key-cursor';
import { StatusReader, type StatusItem, type StatusItemPage } from './status-reader.service';
import { StatusGroupsQueryDto, StatusQueryDto } from './status-query.dto';
import { GroupStatusPageDto, SupergroupStatusPageDto, type GroupStatusDto } from './status-response.dto';
import { ApiItemPath, singleItem } from './item-routes';

/** A single-item route answers 404 when the item has nothing to show. */
const single = (page: StatusItemPage, what: string): StatusItemPage => singleItem(page, what, 'it has no status (for this tenant, at the time asked)');

const ApiNoStatus = () => ApiNotFoundResponse({ description: 'The item has no status (for this tenant, at the time asked).', schema: { $ref: '#/components/schemas/Problem' } });

const named = (type: string) => (i: StatusItem, name: string) => ({ name, type, statuses: i.statuses });

/**
 * ARGO-shaped statuses (api/v2/status): endpoint groups, their services, endpoints and metrics,
 * now, as of `at`, or as timelines over start_time..end_time.
 */
@ApiTags('status')
@Controller('api/v1/status')
export class StatusController {
  constructor(private readonly reader: StatusReader) {}

  @Get('supergroups')
  @ApiOperation({ summary: 'Statuses of supergroups (e.g. NGIs)' })
  @ApiOkResponse({ type: SupergroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  async supergroups(@CurrentTenant() tenant: string, @Query() q: StatusQueryDto): Promise<SupergroupStatusPageDto> {
    return this.supergroupPage(tenant, await this.reader.page(tenant, { level: 'supergroup' }, q));
  }

  @Get('supergroups/:supergroup')
  @ApiItemPath('supergroup')
  @ApiOperation({ summary: 'Status of one supergroup' })
  @ApiOkResponse({ type: SupergroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  @ApiNoStatus()
  async supergroup(@CurrentTenant() tenant: string, @Param('supergroup') supergroup: string, @Query() q: StatusQueryDto): Promise<SupergroupStatusPageDto> {
    const page = await this.reader.page(tenant, { level: 'supergroup', supergroup: pathName('supergroup', supergroup) }, q);
    return this.supergroupPage(tenant, single(page, `supergroup '${supergroup}'`));
  }

  @Get('groups')
  @ApiOperation({ summary: 'Statuses of endpoint groups (sites or service groups)' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  async groups(@CurrentTenant() tenant: string, @Query() q: StatusGroupsQueryDto): Promise<GroupStatusPageDto> {
    const { supergroup, ...rest } = q;
    const page = await this.reader.page(tenant, { level: 'group', supergroup }, rest);
    return this.groupPage(tenant, page, (i) => ({ statuses: i.statuses }));
  }

  @Get('groups/:group')
  @ApiItemPath('group')
  @ApiOperation({ summary: 'Status of one endpoint group' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  @ApiNoStatus()
  async group(@CurrentTenant() tenant: string, @Param('group') group: string, @Query() q: StatusQueryDto): Promise<GroupStatusPageDto> {
    const page = await this.reader.page(tenant, { level: 'group', endpointGroup: pathName('group', group) }, q);
    return this.groupPage(tenant, single(page, `endpoint group '${group}'`), (i) => ({ statuses: i.statuses }));
  }

  @Get('groups/:group/services')
  @ApiItemPath('group')
  @ApiOperation({ summary: 'Statuses of the services (service types) of an endpoint group' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  async services(@CurrentTenant() tenant: string, @Param('group') group: string, @Query() q: StatusQueryDto): Promise<GroupStatusPageDto> {
    const page = await this.reader.page(tenant, { level: 'service', endpointGroup: pathName('group', group) }, q);
    return this.nested(tenant, page, (items) => items.map((i) => named('service')(i, i.key.service)));
  }

  @Get('groups/:group/services/:service')
  @ApiItemPath('group', 'service')
  @ApiOperation({ summary: 'Status of one service of an endpoint group' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  @ApiNoStatus()
  async service(@CurrentTenant() tenant: string, @Param('group') group: string, @Param('service') service: string, @Query() q: StatusQueryDto): Promise<GroupStatusPageDto> {
    const page = await this.reader.page(tenant, { level: 'service', endpointGroup: pathName('group', group), service: pathName('service', service) }, q);
    return this.nested(tenant, single(page, `service '${service}' of '${group}'`), (items) => items.map((i) => named('service')(i, i.key.service)));
  }

  @Get('groups/:group/services/:service/endpoints')
  @ApiItemPath('group', 'service')
  @ApiOperation({ summary: 'Statuses of the endpoints of a service' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  async endpoints(@CurrentTenant() tenant: string, @Param('group') group: string, @Param('service') service: string, @Query() q: StatusQueryDto): Promise<GroupStatusPageDto> {
    const page = await this.reader.page(tenant, { level: 'endpoint', endpointGroup: pathName('group', group), service: pathName('service', service) }, q);
    return this.nested(tenant, page, (items) => [{ name: service, type: 'service', endpoints: items.map((i) => named('endpoint')(i, i.key.hostname)) }]);
  }

  @Get('groups/:group/services/:service/endpoints/:hostname')
  @ApiItemPath('group', 'service', 'hostname')
  @ApiOperation({ summary: 'Status of one endpoint' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  @ApiNoStatus()
  async endpoint(
    @CurrentTenant() tenant: string,
    @Param('group') group: string,
    @Param('service') service: string,
    @Param('hostname') hostname: string,
    @Query() q: StatusQueryDto,
  ): Promise<GroupStatusPageDto> {
    const path = { level: 'endpoint' as const, endpointGroup: pathName('group', group), service: pathName('service', service), hostname: pathName('hostname', hostname) };
    const page = single(await this.reader.page(tenant, path, q), `endpoint '${hostname}' (${service}) of '${group}'`);
    return this.nested(tenant, page, (items) => [{ name: service, type: 'service', endpoints: items.map((i) => named('endpoint')(i, i.key.hostname)) }]);
  }

  @Get('groups/:group/services/:service/endpoints/:hostname/metrics')
  @ApiItemPath('group', 'service', 'hostname')
  @ApiOperation({ summary: 'Statuses of the metrics of an endpoint' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  async metrics(
    @CurrentTenant() tenant: string,
    @Param('group') group: string,
    @Param('service') service: string,
    @Param('hostname') hostname: string,
    @Query() q: StatusQueryDto,
  ): Promise<GroupStatusPageDto> {
    const path = { level: 'metric' as const, endpointGroup: pathName('group', group), service: pathName('service', service), hostname: pathName('hostname', hostname) };
    return this.nested(tenant, await this.reader.page(tenant, path, q), (items) => metricTree(service, hostname, items));
  }

  @Get('groups/:group/services/:service/endpoints/:hostname/metrics/:metric')
  @ApiItemPath('group', 'service', 'hostname', 'metric')
  @ApiOperation({ summary: 'Status of one metric of an endpoint' })
  @ApiOkResponse({ type: GroupStatusPageDto, description: 'Statuses in ARGO form: now, as of at, or timelines; nextCursor leads to the next page.' })
  @ApiNoStatus()
  async metric(
    @CurrentTenant() tenant: string,
    @Param('group') group: string,
    @Param('service') service: string,
    @Param('hostname') hostname: string,
    @Param('metric') metric: string,
    @Query() q: StatusQueryDto,
  ): Promise<GroupStatusPageDto> {
    const path = { level: 'metric' as const, endpointGroup: pathName('group', group), service: pathName('service', service), hostname: pathName('hostname', hostname), metric: pathName('metric', metric) };
    const page = single(await this.reader.page(tenant, path, q), `metric '${metric}' of '${hostname}'`);
    return this.nested(tenant, page, (items) => metricTree(service, hostname, items));
  }

  private async supergroupPage(tenant: string, page: StatusItemPage): Promise<SupergroupStatusPageDto> {
    const typeOf = await this.reader.supergroupTypes(tenant, page.items.map((i) => i.key.supergroup));
    return { supergroups: page.items.map((i) => named(typeOf(i.key.supergroup))(i, i.key.supergroup)), nextCursor: page.nextCursor };
  }

  private async groupPage(tenant: string, page: StatusItemPage, body: (i: StatusItem) => Partial<GroupStatusDto>): Promise<GroupStatusPageDto> {
    const types = await this.reader.groupTypes(tenant, page.items.map((i) => i.key.endpoint_group));
    const groups = page.items.map((i) => ({ name: i.key.endpoint_group, type: types.get(i.key.endpoint_group) ?? 'SERVICEGROUPS', supergroup: i.key.supergroup, ...body(i) }));
    return { groups, nextCursor: page.nextCursor };
  }

  /** Items below one endpoint group, wrapped in it (ARGO nests every level in its parents). */
  private async nested(tenant: string, page: StatusItemPage, services: (items: StatusItem[]) => GroupStatusDto['services']): Promise<GroupStatusPageDto> {
    if (page.items.length === 0) return { groups: [], nextCursor: null };
    const head = page.items[0].key;
    const types = await this.reader.groupTypes(tenant, [head.endpoint_group]);
    const group = { name: head.endpoint_group, type: types.get(head.endpoint_group) ?? 'SERVICEGROUPS', supergroup: head.supergroup, services: services(page.items) };
    return { groups: [group], nextCursor: page.nextCursor };
  }
}

const metricTree = (service: string, hostname: string, items: StatusItem[]): GroupStatusDto['services'] => [
  { name: service, type: 'service', endpoints: [{ name: hostname, type: 'endpoint', metrics: items.map((i) => named('metric')(i, i.key.metric)) }] },
];
