import { Controller, Get, HttpCode, HttpException, Inject, Logger, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentTenant, RequireRole, type Problem } from '@vigil/http';
import { decodeCursor, InvalidCursor, jsonBatch, listMetricResults, type IngestOutcome, type MetricResultsPage, type RecordIngestor } from '@vigil/ingest';
import type { ClickHouse } from '@vigil/read-models';
import { CLICKHOUSE } from '@vigil/platform';
import { ListMetricResultsDto } from './list-metric-results.dto';
import { bodyError, METRIC_RESULTS_BODY_LIMIT } from './metric-results-body.middleware';
import { IngestOutcomeDto, MetricDataDto, MetricResultsPageDto } from './metric-results.dto';

/** Nest token of the RecordIngestor behind POST (tests give it their own streams). */
export const METRIC_INGESTOR = 'vigil:metric-ingestor';
export const MAX_RECORDS_PER_REQUEST = 10_000;

const fail = (statusCode: number, error: string, code: string, message: string, field?: string): HttpException => {
  const body: Problem = { statusCode, error, code, message, ...(field ? { errors: [{ field, reason: message }] } : {}) };
  return new HttpException(body, statusCode);
};

/** The JSON array a producer posted, or the reason it cannot be taken. */
function postedRecords(req: Request): unknown[] {
  const err = bodyError(req);
  if (err?.type === 'entity.too.large') throw fail(413, 'Payload Too Large', 'BATCH_TOO_LARGE', `the body exceeds ${METRIC_RESULTS_BODY_LIMIT}: send at most ${MAX_RECORDS_PER_REQUEST} records per request`);
  if (err) throw fail(err.status ?? 400, 'Bad Request', 'INVALID_JSON', `the body is not valid JSON: ${err.message}`, 'body');
  if (req.body === undefined) throw fail(415, 'Unsupported Media Type', 'UNSUPPORTED_MEDIA_TYPE', 'send a JSON array of metric-data records with Content-Type: application/json');
  if (!Array.isArray(req.body)) throw fail(400, 'Bad Request', 'VALIDATION_FAILED', 'the body must be a JSON array of metric-data records', 'body');
  if (req.body.length > MAX_RECORDS_PER_REQUEST) {
    throw fail(413, 'Payload Too Large', 'BATCH_TOO_LARGE', `a request holds at most ${MAX_RECORDS_PER_REQUEST} records, this one has ${req.body.length}: split it`, 'body');
  }
  return req.body;
}

@ApiTags('ingest')
@Controller('api/v1/metric-results')
export class MetricResultsController {
  private readonly log = new Logger('Ingest');

  constructor(
    @Inject(METRIC_INGESTOR) private readonly ingestor: RecordIngestor,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
  ) {}

  /** Appends the valid records (durably, before answering) and names each refused one by index. */
  @Post()
  @ApiOperation({
    summary: 'Ingests probe results (operator)',
    description: `A JSON array of at most ${MAX_RECORDS_PER_REQUEST} ARGO metric-data records. Valid records are stored durably before the answer; each refused one is named by index. A repeated record is stored once, so a failed batch can simply be sent again.`,
  })
  @ApiConsumes('application/json')
  @ApiBody({ type: MetricDataDto, isArray: true, description: 'The probe results.' })
  @ApiOkResponse({ type: IngestOutcomeDto, description: 'How many records were stored, and which were refused and why.' })
  @ApiPayloadTooLargeResponse({ description: `More than ${MAX_RECORDS_PER_REQUEST} records, or a body over ${METRIC_RESULTS_BODY_LIMIT}: split the batch.`, schema: { $ref: '#/components/schemas/Problem' } })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not sent as application/json.', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiServiceUnavailableResponse({ description: 'The records could not be stored; none is acknowledged: send the batch again.', schema: { $ref: '#/components/schemas/Problem' } })
  @RequireRole('operator')
  @HttpCode(200)
  async ingest(@CurrentTenant() tenant: string, @Req() req: Request): Promise<IngestOutcome> {
    const records = postedRecords(req);
    try {
      return await this.ingestor.ingest(tenant, jsonBatch(records, this.ingestor.validator), 'http');
    } catch (err) {
      this.log.error(`ingest of ${records.length} records failed: ${err instanceof Error ? err.message : err}`);
      throw fail(503, 'Service Unavailable', 'INGEST_UNAVAILABLE', 'the records could not be stored; none is acknowledged: send the batch again (a repeated record is stored once)');
    }
  }

  @Get()
  @ApiOperation({ summary: 'Stored probe results, filtered, by time, one page at a time' })
  @ApiOkResponse({ type: MetricResultsPageDto, description: 'One page of results; nextCursor leads to the next.' })
  async list(@CurrentTenant() tenant: string, @Query() q: ListMetricResultsDto): Promise<MetricResultsPage> {
    const from = q.from === undefined ? undefined : new Date(q.from);
    const to = q.to === undefined ? undefined : new Date(q.to);
    if (from && to && from >= to) throw fail(400, 'Bad Request', 'VALIDATION_FAILED', 'from must be before to', 'from');
    let cursor;
    try {
      cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    } catch (err) {
      if (err instanceof InvalidCursor) throw fail(400, 'Bad Request', 'VALIDATION_FAILED', err.message, 'cursor');
      throw err;
    }
    return listMetricResults(this.clickhouse, tenant, { hostname: q.hostname, service: q.service, metric: q.metric, from, to, limit: q.limit ?? 1000, cursor });
  }
}
