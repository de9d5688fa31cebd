import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ListQuery } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { serviceGroupIndex } from './service-group.index';
import { ServiceGroupWrite } from './service-group-write.command';
import { AddMemberDto, RegisterServiceGroupDto, UpdateServiceGroupDto } from './service-group.dto';

@Controller('api/v1/service-groups')
@UseInterceptors(RevisionEtagInterceptor)
export class ServiceGroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  async list(@CurrentTenant() tenant: string, @Query() query: ListQuery) {
    return (await this.views.index(tenant, serviceGroupIndex)).list(query);
  }

  @Get(':name')
  async get(@CurrentTenant() tenant: string, @Param('name') name: string) {
    return (await this.views.index(tenant, serviceGroupIndex)).get(name);
  }

  @Post()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterServiceGroupDto) {
    return this.commands.execute(new ServiceGroupWrite(tenant, { type: 'RegisterServiceGroup', ...dto }));
  }

  @Patch(':name')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('name') name: string, @Body() dto: UpdateServiceGroupDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new ServiceGroupWrite(tenant, { type: 'UpdateServiceGroup', name, ...dto }, revision));
  }

  @Delete(':name')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('name') name: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new ServiceGroupWrite(tenant, { type: 'RemoveServiceGroup', name }, revision));
  }

  /** Adds a member service; the group answers with its members. */
  @Post(':name/services')
  @HttpCode(200)
  @RequireRole('operator')
  addMember(@CurrentTenant() tenant: string, @Param('name') name: string, @Body() dto: AddMemberDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new ServiceGroupWrite(tenant, { type: 'AddServiceGroupMember', name, service: dto.service }, revision));
  }

  @Delete(':name/services/:service')
  @HttpCode(204)
  @RequireRole('operator')
  async removeMember(@CurrentTenant() tenant: string, @Param('name') name: string, @Param('service') service: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new ServiceGroupWrite(tenant, { type: 'RemoveServiceGroupMember', name, service }, revision));
  }
}
