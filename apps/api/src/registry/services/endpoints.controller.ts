import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { randomUUID } from 'node:crypto';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ApiConditionalWrite, ApiName, ApiNotFound } from '../shared/openapi.dto';
import { ListQuery, page } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { EndpointWrite } from './endpoint-write.command';
import { serviceIndex } from './service.index';
import { AddEndpointDto, EndpointDto, EndpointPageDto, UpdateEndpointDto } from './service.dto';

const ApiServiceId = () => ApiName('service', 'The service id.', '1G0');
const ApiEndpointId = () => ApiName('endpoint', 'The endpoint id.', '7E1');

/** The endpoints (interfaces with a URL) of one service; `revision` is the service's. */
@ApiTags('registry: services')
@ApiServiceId()
@Controller('api/v1/services/:service/endpoints')
@UseInterceptors(RevisionEtagInterceptor)
export class EndpointsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Endpoints of a service by id, one page at a time' })
  @ApiOkResponse({ type: EndpointPageDto, description: 'One page; nextCursor leads to the next.' })
  @ApiNotFound('service')
  async list(@CurrentTenant() tenant: string, @Param('service') service: string, @Query() query: ListQuery) {
    const { endpoints, revision } = (await this.views.index(tenant, serviceIndex)).get(service);
    return page(endpoints, (e) => e.id, (e) => ({ ...e, revision }), query);
  }

  @Get(':endpoint')
  @ApiOperation({ summary: 'One endpoint of a service' })
  @ApiEndpointId()
  @ApiOkResponse({ type: EndpointDto, description: "The endpoint; revision (and ETag) are its service's." })
  @ApiNotFound('service or endpoint')
  async get(@CurrentTenant() tenant: string, @Param('service') service: string, @Param('endpoint') id: string) {
    const { endpoints, revision } = (await this.views.index(tenant, serviceIndex)).get(service);
    const endpoint = endpoints.find((e) => e.id === id);
    if (!endpoint) throw new NotFound('endpoint', id);
    return { ...endpoint, revision };
  }

  @Post()
  @ApiOperation({ summary: 'Adds an endpoint to a service (operator)' })
  @ApiCreatedResponse({ type: EndpointDto, description: 'The added endpoint.' })
  @ApiConditionalWrite('service')
  @RequireRole('operator')
  add(@CurrentTenant() tenant: string, @Param('service') service: string, @Body() dto: AddEndpointDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new EndpointWrite(tenant, { type: 'AddEndpoint', ...dto, service, id: dto.id ?? randomUUID() }, revision));
  }

  @Patch(':endpoint')
  @ApiOperation({ summary: 'Changes the given fields of an endpoint (operator)' })
  @ApiEndpointId()
  @ApiOkResponse({ type: EndpointDto, description: 'The endpoint as changed.' })
  @ApiConditionalWrite('service or endpoint')
  @RequireRole('operator')
  update(
    @CurrentTenant() tenant: string,
    @Param('service') service: string,
    @Param('endpoint') id: string,
    @Body() dto: UpdateEndpointDto,
    @ExpectedRevision() revision?: number,
  ) {
    return this.commands.execute(new EndpointWrite(tenant, { type: 'UpdateEndpoint', ...dto, service, id }, revision));
  }

  @Delete(':endpoint')
  @ApiOperation({ summary: 'Removes an endpoint from its service (operator)' })
  @ApiEndpointId()
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiConditionalWrite('service or endpoint')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('service') service: string, @Param('endpoint') id: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new EndpointWrite(tenant, { type: 'RemoveEndpoint', service, id }, revision));
  }
}
