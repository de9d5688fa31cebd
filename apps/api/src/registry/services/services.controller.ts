import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { randomUUID } from 'node:crypto';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ApiConditionalWrite, ApiName, ApiNotFound, ApiRuleConflict } from '../shared/openapi.dto';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { serviceIndex } from './service.index';
import { ServiceWrite } from './service-write.command';
import { RegisterServiceDto, ServiceDto, ServiceListQuery, ServicePageDto, UpdateServiceDto } from './service.dto';

const ApiServiceId = () => ApiName('id', 'The service id.', '1G0');

// Case-insensitive, as GOCDB compares hostnames and service types.
const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

@ApiTags('registry: services')
@Controller('api/v1/services')
@UseInterceptors(RevisionEtagInterceptor)
export class ServicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Services by id, filtered by site, type or host, one page at a time' })
  @ApiOkResponse({ type: ServicePageDto, description: 'One page; nextCursor leads to the next.' })
  async list(@CurrentTenant() tenant: string, @Query() query: ServiceListQuery) {
    const { site, serviceType, hostname } = query;
    return (await this.views.index(tenant, serviceIndex)).list(query, (state) => {
      if (state.status !== 'registered') return false;
      const s = state.service;
      return (!site || s.site === site) && (!serviceType || sameName(s.serviceType, serviceType)) && (!hostname || sameName(s.hostname, hostname));
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One service, with its endpoints' })
  @ApiServiceId()
  @ApiOkResponse({ type: ServiceDto, description: 'The service; its revision is also the ETag.' })
  @ApiNotFound('service')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    return (await this.views.index(tenant, serviceIndex)).get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Registers a service (hostname + service type) at a site (operator)' })
  @ApiCreatedResponse({ type: ServiceDto, description: 'The registered service.' })
  @ApiRuleConflict()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterServiceDto) {
    return this.commands.execute(new ServiceWrite(tenant, { type: 'RegisterService', ...dto, id: dto.id ?? randomUUID() }));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Changes the given fields of a service; another site moves it (operator)' })
  @ApiServiceId()
  @ApiOkResponse({ type: ServiceDto, description: 'The service as changed.' })
  @ApiConditionalWrite('service')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateServiceDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new ServiceWrite(tenant, { type: 'UpdateService', ...dto, id }, revision));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Removes a service (operator)' })
  @ApiServiceId()
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiConditionalWrite('service')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new ServiceWrite(tenant, { type: 'RemoveService', id }, revision));
  }
}
