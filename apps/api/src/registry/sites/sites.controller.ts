import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ApiConditionalWrite, ApiName, ApiNotFound, ApiRuleConflict } from '../shared/openapi.dto';
import { ListQuery } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { siteIndex } from './site.index';
import { SiteWrite } from './site-write.command';
import { ChangeCertificationDto, RegisterSiteDto, SiteCertificationDto, SiteDto, SitePageDto, toContacts, UpdateSiteDto } from './site.dto';

const ApiSiteName = () => ApiName('site', 'The site short name.', 'INFN-T1');

@ApiTags('registry: sites')
@Controller('api/v1/sites')
@UseInterceptors(RevisionEtagInterceptor)
export class SitesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Sites by short name, one page at a time' })
  @ApiOkResponse({ type: SitePageDto, description: 'One page; nextCursor leads to the next.' })
  async list(@CurrentTenant() tenant: string, @Query() query: ListQuery) {
    return (await this.views.index(tenant, siteIndex)).list(query);
  }

  @Get(':site')
  @ApiOperation({ summary: 'One site, with its certification history' })
  @ApiSiteName()
  @ApiOkResponse({ type: SiteDto, description: 'The site; its revision is also the ETag.' })
  @ApiNotFound('site')
  async get(@CurrentTenant() tenant: string, @Param('site') site: string) {
    return (await this.views.index(tenant, siteIndex)).get(site);
  }

  @Get(':site/certification')
  @ApiOperation({ summary: 'Certification status and history of a site' })
  @ApiSiteName()
  @ApiOkResponse({ type: SiteCertificationDto, description: 'The current status and every change, oldest first.' })
  @ApiNotFound('site')
  async certification(@CurrentTenant() tenant: string, @Param('site') site: string) {
    const { certificationStatus, certificationHistory, revision } = (await this.views.index(tenant, siteIndex)).get(site);
    return { status: certificationStatus, history: certificationHistory, revision };
  }

  @Post()
  @ApiOperation({ summary: 'Registers a site in a registered NGI (operator)' })
  @ApiCreatedResponse({ type: SiteDto, description: 'The registered site.' })
  @ApiRuleConflict()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterSiteDto) {
    return this.commands.execute(new SiteWrite(tenant, { type: 'RegisterSite', ...dto, contacts: toContacts(dto.contacts) }));
  }

  @Patch(':site')
  @ApiOperation({ summary: 'Changes the given fields of a site (operator)' })
  @ApiSiteName()
  @ApiOkResponse({ type: SiteDto, description: 'The site as changed.' })
  @ApiConditionalWrite('site')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('site') shortName: string, @Body() dto: UpdateSiteDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new SiteWrite(tenant, { type: 'UpdateSite', shortName, ...dto, contacts: toContacts(dto.contacts) }, revision));
  }

  /** A certification change with its reason; the site answers with its new status and history. */
  @Post(':site/certification')
  @ApiOperation({ summary: 'Changes the certification status of a site, with a reason (operator)' })
  @ApiSiteName()
  @ApiOkResponse({ type: SiteDto, description: 'The site with its new status and history.' })
  @ApiConditionalWrite('site')
  @HttpCode(200)
  @RequireRole('operator')
  changeCertification(@CurrentTenant() tenant: string, @Param('site') shortName: string, @Body() dto: ChangeCertificationDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new SiteWrite(tenant, { type: 'ChangeSiteCertification', shortName, to: dto.to, reason: dto.reason }, revision));
  }

  @Delete(':site')
  @ApiOperation({ summary: 'Removes a site without services (operator)' })
  @ApiSiteName()
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiConditionalWrite('site')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('site') shortName: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new SiteWrite(tenant, { type: 'RemoveSite', shortName }, revision));
  }
}
