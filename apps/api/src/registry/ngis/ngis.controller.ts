import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ListQuery } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { ngiIndex } from './ngi.index';
import { NgiWrite } from './ngi-write.command';
import { RegisterNgiDto, UpdateNgiDto } from './ngi.dto';

@Controller('api/v1/ngis')
@UseInterceptors(RevisionEtagInterceptor)
export class NgisController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  async list(@CurrentTenant() tenant: string, @Query() query: ListQuery) {
    return (await this.views.index(tenant, ngiIndex)).list(query);
  }

  @Get(':name')
  async get(@CurrentTenant() tenant: string, @Param('name') name: string) {
    return (await this.views.index(tenant, ngiIndex)).get(name);
  }

  @Post()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterNgiDto) {
    return this.commands.execute(new NgiWrite(tenant, { type: 'RegisterNgi', ...dto }));
  }

  @Patch(':name')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('name') name: string, @Body() dto: UpdateNgiDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new NgiWrite(tenant, { type: 'UpdateNgi', name, ...dto }, revision));
  }

  @Delete(':name')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('name') name: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new NgiWrite(tenant, { type: 'RemoveNgi', name }, revision));
  }
}
