import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EGI_STATUSES } from '@vigil/ingest';

// OpenAPI-only shapes of POST/GET /api/v1/metric-results: the body is checked per record by
// @vigil/ingest (METRIC_DATA_JSON_SCHEMA and its rules), not by class-validator.

const TEXT = { type: String, nullable: true };

/** One probe result as producers send it: ARGO's metric-data record, ARGO's field names. */
export class MetricDataDto {
  @ApiProperty({ description: 'When the probe ran (ISO 8601 with a zone; at most an hour ahead of now).', format: 'date-time', example: '2025-06-02T10:00:00Z' })
  timestamp: string;

  @ApiProperty({ description: 'The service type probed.', example: 'SRM' })
  service: string;

  @ApiProperty({ description: 'The host probed.', example: 'se01.example.org' })
  hostname: string;

  @ApiProperty({ description: 'The metric (probe) name.', example: 'org.sam.SRM-Put' })
  metric: string;

  @ApiProperty({ description: `The result: a status of the tenant's operations profile (EGI: ${EGI_STATUSES.join(', ')}).`, example: 'OK' })
  status: string;

  @ApiPropertyOptional({ ...TEXT, description: 'The monitoring host that ran the probe.', example: 'mon01.example.org' })
  monitoring_host?: string | null;

  @ApiPropertyOptional({ ...TEXT, description: 'One-line summary of the probe output.', example: 'SRM put succeeded' })
  summary?: string | null;

  @ApiPropertyOptional({ ...TEXT, description: 'Full probe output.', example: 'Put of 1 MB in 0.8 s' })
  message?: string | null;

  @ApiPropertyOptional({ ...TEXT, description: 'Performance data of the probe.', example: 'time=0.8s' })
  actual_data?: string | null;

  @ApiPropertyOptional({
    description: 'Free-form tags (at most 64), name → string or null.',
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    nullable: true,
    example: { vo: 'atlas' },
  })
  tags?: Record<string, string | null> | null;
}

export class RejectionDto {
  @ApiProperty({ description: 'Position of the refused record in the posted array (from 0).', example: 3 })
  index: number;

  @ApiProperty({ description: 'The field at fault; null when the record as a whole is.', type: String, nullable: true, example: 'status' })
  field: string | null;

  @ApiProperty({ description: 'Why the record was refused.', example: "status must be one of OK, WARNING, CRITICAL, UNKNOWN, MISSING, DOWNTIME" })
  reason: string;
}

/** The answer to POST: the valid records are durable; each refused one is named by index. */
export class IngestOutcomeDto {
  @ApiProperty({ description: 'How many records are now durably stored.', example: 99 })
  accepted: number;

  @ApiProperty({ description: 'The refused records and why (nothing of them was stored).', type: () => RejectionDto, isArray: true })
  rejected: RejectionDto[];
}

/** A stored probe result as GET answers it (every field present). */
export class MetricResultDto {
  @ApiProperty({ description: 'When the probe ran (UTC).', format: 'date-time', example: '2025-06-02T10:00:00Z' }) timestamp: string;
  @ApiProperty({ description: 'The service type probed.', example: 'SRM' }) service: string;
  @ApiProperty({ description: 'The host probed.', example: 'se01.example.org' }) hostname: string;
  @ApiProperty({ description: 'The metric (probe) name.', example: 'org.sam.SRM-Put' }) metric: string;
  @ApiProperty({ description: 'The result.', example: 'OK' }) status: string;
  @ApiProperty({ ...TEXT, description: 'The monitoring host that ran the probe.' }) monitoring_host: string | null;
  @ApiProperty({ ...TEXT, description: 'One-line summary of the probe output.' }) summary: string | null;
  @ApiProperty({ ...TEXT, description: 'Full probe output.' }) message: string | null;
  @ApiProperty({ ...TEXT, description: 'Performance data of the probe.' }) actual_data: string | null;
  @ApiProperty({ description: 'Free-form tags.', type: 'object', additionalProperties: { type: 'string', nullable: true }, nullable: true }) tags: Record<string, string | null> | null;
}

export class MetricResultsPageDto {
  @ApiProperty({ description: 'Results by time, then hostname, service, metric.', type: () => MetricResultDto, isArray: true })
  items: MetricResultDto[];

  @ApiProperty({ description: 'Pass as cursor for the next page; null on the last page.', type: String, nullable: true, example: null })
  nextCursor: string | null;
}
