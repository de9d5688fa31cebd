import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ApiConditionalWrite, ApiName, ApiNotFound, ApiRuleConflict } from '../shared/openapi.dto';
import { ListQuery } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { ngiIndex } from './ngi.index';
import { NgiWrite } from './ngi-write.command';
import { NgiDto, NgiPageDto, RegisterNgiDto, UpdateNgiDto } from './ngi.dto';

const ApiNgiName = () => ApiName('name', 'The NGI name.', 'NGI_IT');

@ApiTags('registry: ngis')
@Controller('api/v1/ngis')
@UseInterceptors(RevisionEtagInterceptor)
export class NgisController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'NGIs by name, one page at a time' })
  @ApiOkResponse({ type: NgiPageDto, description: 'One page; nextCursor leads to the next.' })
  async list(@CurrentTenant() tenant: string, @Query() query: ListQuery) {
    return (await this.views.index(tenant, ngiIndex)).list(query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'One NGI' })
  @ApiNgiName()
  @ApiOkResponse({ type: NgiDto, description: 'The NGI; its revision is also the ETag.' })
  @ApiNotFound('NGI')
  async get(@CurrentTenant() tenant: string, @Param('name') name: string) {
    return (await this.views.index(tenant, ngiIndex)).get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Registers an NGI (operator)' })
  @ApiCreatedResponse({ type: NgiDto, description: 'The registered NGI.' })
  @ApiRuleConflict()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterNgiDto) {
    return this.commands.execute(new NgiWrite(tenant, { type: 'RegisterNgi', ...dto }));
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Changes the given fields of an NGI (operator)' })
  @ApiNgiName()
  @ApiOkResponse({ type: NgiDto, description: 'The NGI as changed.' })
  @ApiConditionalWrite('NGI')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('name') name: string, @Body() dto: UpdateNgiDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new NgiWrite(tenant, { type: 'UpdateNgi', name, ...dto }, revision));
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Removes an NGI without sites (operator)' })
  @ApiNgiName()
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiConditionalWrite('NGI')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('name') name: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new NgiWrite(tenant, { type: 'RemoveNgi', name }, revision));
  }
}
