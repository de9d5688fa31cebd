import { Body, Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { ARGO_FEEDS, checkAggregationOperations, importProfiles, PROFILE_CATEGORY, readArgoDocuments } from '@vigil/argo';
import type { EventStore } from '@vigil/event-store';
import { CurrentPrincipal, CurrentTenant, RequireRole, type Principal } from '@vigil/http';
import { EVENT_STORE } from '@vigil/platform';
import type { Request } from 'express';
import { argoBodyError, ARGO_IMPORT_BODY_LIMIT } from './argo-import-body';
import { asBadDocument, badRequest } from './argo-documents';
import { ArgoImportDto, ArgoImportResultDto, ArgoImportSectionDto } from './argo-import.dto';

const PROBLEM = { $ref: '#/components/schemas/Problem' };

function bodyProblem(err: { status?: number; message: string }): HttpException {
  if (err.status === 413) return new HttpException({ statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: `the body is over ${ARGO_IMPORT_BODY_LIMIT}: import the documents in several requests` }, 413);
  return badRequest('INVALID_JSON', [{ field: '', reason: `the body is not JSON: ${err.message}` }]);
}

/** `vigil argo import` over HTTP: the same reading, checks and idempotent appends (libs/argo). */
@ApiTags('argo')
@ApiExtraModels(ArgoImportSectionDto)
@Controller('api/v1/argo')
export class ArgoImportController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Loads ARGO profiles, feeds and status settings into the tenant as events, idempotently (admin)' })
  @ApiOkResponse({ type: ArgoImportResultDto, description: 'Per document, how many events were appended (0 when its content was already imported).' })
  @ApiBadRequestResponse({ description: 'A document does not read (`errors` names its body field and the problem); nothing of the import was appended.', schema: PROBLEM })
  @ApiPayloadTooLargeResponse({ description: `The body is over ${ARGO_IMPORT_BODY_LIMIT}; nothing was appended.`, schema: PROBLEM })
  @RequireRole('admin')
  async import(@CurrentTenant() tenant: string, @CurrentPrincipal() principal: Principal, @Body() dto: ArgoImportDto, @Req() req: Request): Promise<ArgoImportResultDto> {
    const unread = argoBodyError(req);
    if (unread) throw bodyProblem(unread);
    const body = dto as Record<string, unknown>;
    if (!ARGO_FEEDS.some((feed) => body[feed.field] !== undefined))
      throw badRequest('VALIDATION_FAILED', [{ field: '', reason: `nothing to import: give at least one of ${ARGO_FEEDS.map((f) => f.field).join(', ')}` }]);
    const source = `api key ${principal.keyId}`;
    try {
      const imports = await readArgoDocuments((feed) => (body[feed.field] === undefined ? undefined : { label: feed.field, json: body[feed.field] }), () => source);
      await checkAggregationOperations(this.store, tenant, imports);
      const summary = await importProfiles(this.store, tenant, imports);
      const appended = new Set(summary.appended);
      const sections = Object.fromEntries(
        imports.map(({ feed }) => [feed.field, { appended: appended.has(feed.streamId) ? 1 : 0, type: feed.type, stream: `${PROFILE_CATEGORY}/${feed.streamId}` }]),
      );
      return { tenant, appended: appended.size, sections };
    } catch (err) {
      throw asBadDocument(err);
    }
  }
}
