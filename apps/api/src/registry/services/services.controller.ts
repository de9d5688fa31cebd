import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { randomUUID } from 'node:crypto';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { serviceIndex } from './service.index';
import { ServiceWrite } from './service-write.command';
import { RegisterServiceDto, ServiceListQuery, UpdateServiceDto } from './service.dto';

// Case-insensitive, as GOCDB compares hostnames and service types.
const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

@Controller('api/v1/services')
@UseInterceptors(RevisionEtagInterceptor)
export class ServicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  async list(@CurrentTenant() tenant: string, @Query() query: ServiceListQuery) {
    const { site, serviceType, hostname } = query;
    return (await this.views.index(tenant, serviceIndex)).list(query, (state) => {
      if (state.status !== 'registered') return false;
      const s = state.service;
      return (!site || s.site === site) && (!serviceType || sameName(s.serviceType, serviceType)) && (!hostname || sameName(s.hostname, hostname));
    });
  }

  @Get(':id')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    return (await this.views.index(tenant, serviceIndex)).get(id);
  }

  @Post()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterServiceDto) {
    return this.commands.execute(new ServiceWrite(tenant, { type: 'RegisterService', ...dto, id: dto.id ?? randomUUID() }));
  }

  @Patch(':id')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: UpdateServiceDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new ServiceWrite(tenant, { type: 'UpdateService', ...dto, id }, revision));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new ServiceWrite(tenant, { type: 'RemoveService', id }, revision));
  }
}
