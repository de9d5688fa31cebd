import { Body, Controller, Get, Inject, Put, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { currentStatusSettings, setStatusSettings, type CurrentStatusSettings } from '@vigil/argo';
import { checkStatusSettings, normaliseStatusSettings } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import { CurrentPrincipal, CurrentTenant, RequireRole, type Principal } from '@vigil/http';
import { EVENT_STORE } from '@vigil/platform';
import { ExpectedRevision } from '../registry/shared/if-match.decorator';
import { RevisionEtagInterceptor } from '../registry/shared/revision-etag.interceptor';
import { badRequest } from './argo-documents';
import { StatusSettingsDto, StatusSettingsViewDto, StatusSettingsWriteDto } from './status-settings.dto';

const PROBLEM = { $ref: '#/components/schemas/Problem' };

const view = (s: CurrentStatusSettings): StatusSettingsViewDto => ({ ...s, setAt: s.setAt === null ? null : new Date(s.setAt).toISOString() });

/** The tenant's status settings: freshness windows (MISSING) and downtime overlay (DOWNTIME), as events. */
@ApiTags('status settings')
@Controller('api/v1/status/settings')
@UseInterceptors(RevisionEtagInterceptor)
export class StatusSettingsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @ApiOperation({ summary: "The tenant's status settings in effect (ARGO's defaults until set) (admin)" })
  @ApiOkResponse({ type: StatusSettingsViewDto, description: 'The settings, their revision and who set them.' })
  @RequireRole('admin')
  async get(@CurrentTenant() tenant: string): Promise<StatusSettingsViewDto> {
    return view(await currentStatusSettings(this.store, tenant));
  }

  /** Statuses follow them from the event's position on: results after it, and deadlines of known metrics from then. */
  @Put()
  @ApiOperation({ summary: "Replaces the tenant's status settings; omitted fields take ARGO's defaults (admin)" })
  @ApiOkResponse({ type: StatusSettingsWriteDto, description: 'The settings now in effect; changed is false when they already were.' })
  @ApiBadRequestResponse({ description: 'A field is invalid (`errors` names each one and why); nothing changed.', schema: PROBLEM })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision last seen (ETag or `revision`, e.g. "3"): the write fails with 409 if the settings changed since.' })
  @ApiConflictResponse({ description: 'If-Match names a revision the settings are no longer at; nothing changed.', schema: PROBLEM })
  @RequireRole('admin')
  async put(@CurrentTenant() tenant: string, @CurrentPrincipal() principal: Principal, @Body() dto: StatusSettingsDto, @ExpectedRevision() revision?: number): Promise<StatusSettingsWriteDto> {
    // What class-validator does not see: a metric given twice, or a JSON array for a body.
    const problems = checkStatusSettings(Array.isArray(dto) ? dto : { ...dto });
    if (problems.length > 0) throw badRequest('VALIDATION_FAILED', problems);
    const changed = await setStatusSettings(this.store, tenant, normaliseStatusSettings(dto), `api key ${principal.keyId}`, revision);
    return { ...view(await currentStatusSettings(this.store, tenant)), changed };
  }
}
