import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ApiConditionalWrite, ApiName, ApiNotFound, ApiRuleConflict } from '../shared/openapi.dto';
import { ListQuery } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { serviceGroupIndex } from './service-group.index';
import { ServiceGroupWrite } from './service-group-write.command';
import { AddMemberDto, RegisterServiceGroupDto, ServiceGroupDto, ServiceGroupPageDto, UpdateServiceGroupDto } from './service-group.dto';

const ApiGroupName = () => ApiName('name', 'The service group name.', 'WLCG-ATLAS');

@ApiTags('registry: service groups')
@Controller('api/v1/service-groups')
@UseInterceptors(RevisionEtagInterceptor)
export class ServiceGroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Service groups by name, one page at a time' })
  @ApiOkResponse({ type: ServiceGroupPageDto, description: 'One page; nextCursor leads to the next.' })
  async list(@CurrentTenant() tenant: string, @Query() query: ListQuery) {
    return (await this.views.index(tenant, serviceGroupIndex)).list(query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'One service group, with its members' })
  @ApiGroupName()
  @ApiOkResponse({ type: ServiceGroupDto, description: 'The group; its revision is also the ETag.' })
  @ApiNotFound('service group')
  async get(@CurrentTenant() tenant: string, @Param('name') name: string) {
    return (await this.views.index(tenant, serviceGroupIndex)).get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Registers a service group (operator)' })
  @ApiCreatedResponse({ type: ServiceGroupDto, description: 'The registered group.' })
  @ApiRuleConflict()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterServiceGroupDto) {
    return this.commands.execute(new ServiceGroupWrite(tenant, { type: 'RegisterServiceGroup', ...dto }));
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Changes the description or monitoring of a service group (operator)' })
  @ApiGroupName()
  @ApiOkResponse({ type: ServiceGroupDto, description: 'The group as changed.' })
  @ApiConditionalWrite('service group')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('name') name: string, @Body() dto: UpdateServiceGroupDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new ServiceGroupWrite(tenant, { type: 'UpdateServiceGroup', name, ...dto }, revision));
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Removes a service group (operator)' })
  @ApiGroupName()
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiConditionalWrite('service group')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('name') name: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new ServiceGroupWrite(tenant, { type: 'RemoveServiceGroup', name }, revision));
  }

  /** Adds a member service; the group answers with its members. */
  @Post(':name/services')
  @ApiOperation({ summary: 'Adds a member service to a service group (operator)' })
  @ApiGroupName()
  @ApiOkResponse({ type: ServiceGroupDto, description: 'The group with its members.' })
  @ApiConditionalWrite('service group')
  @HttpCode(200)
  @RequireRole('operator')
  addMember(@CurrentTenant() tenant: string, @Param('name') name: string, @Body() dto: AddMemberDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new ServiceGroupWrite(tenant, { type: 'AddServiceGroupMember', name, service: dto.service }, revision));
  }

  @Delete(':name/services/:service')
  @ApiOperation({ summary: 'Removes a member service from a service group (operator)' })
  @ApiGroupName()
  @ApiName('service', 'Id of the member service.', '1G0')
  @ApiNoContentResponse({ description: 'Removed from the group.' })
  @ApiConditionalWrite('service group')
  @HttpCode(204)
  @RequireRole('operator')
  async removeMember(@CurrentTenant() tenant: string, @Param('name') name: string, @Param('service') service: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new ServiceGroupWrite(tenant, { type: 'RemoveServiceGroupMember', name, service }, revision));
  }
}
