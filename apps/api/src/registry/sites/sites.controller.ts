import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ListQuery } from '../shared/paging';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { siteIndex } from './site.index';
import { SiteWrite } from './site-write.command';
import { ChangeCertificationDto, RegisterSiteDto, toContacts, UpdateSiteDto } from './site.dto';

@Controller('api/v1/sites')
@UseInterceptors(RevisionEtagInterceptor)
export class SitesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  async list(@CurrentTenant() tenant: string, @Query() query: ListQuery) {
    return (await this.views.index(tenant, siteIndex)).list(query);
  }

  @Get(':site')
  async get(@CurrentTenant() tenant: string, @Param('site') site: string) {
    return (await this.views.index(tenant, siteIndex)).get(site);
  }

  @Get(':site/certification')
  async certification(@CurrentTenant() tenant: string, @Param('site') site: string) {
    const { certificationStatus, certificationHistory, revision } = (await this.views.index(tenant, siteIndex)).get(site);
    return { status: certificationStatus, history: certificationHistory, revision };
  }

  @Post()
  @RequireRole('operator')
  register(@CurrentTenant() tenant: string, @Body() dto: RegisterSiteDto) {
    return this.commands.execute(new SiteWrite(tenant, { type: 'RegisterSite', ...dto, contacts: toContacts(dto.contacts) }));
  }

  @Patch(':site')
  @RequireRole('operator')
  update(@CurrentTenant() tenant: string, @Param('site') shortName: string, @Body() dto: UpdateSiteDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new SiteWrite(tenant, { type: 'UpdateSite', shortName, ...dto, contacts: toContacts(dto.contacts) }, revision));
  }

  /** A certification change with its reason; the site answers with its new status and history. */
  @Post(':site/certification')
  @HttpCode(200)
  @RequireRole('operator')
  changeCertification(@CurrentTenant() tenant: string, @Param('site') shortName: string, @Body() dto: ChangeCertificationDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new SiteWrite(tenant, { type: 'ChangeSiteCertification', shortName, to: dto.to, reason: dto.reason }, revision));
  }

  @Delete(':site')
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('site') shortName: string, @ExpectedRevision() revision?: number): Promise<void> {
    await this.commands.execute(new SiteWrite(tenant, { type: 'RemoveSite', shortName }, revision));
  }
}
