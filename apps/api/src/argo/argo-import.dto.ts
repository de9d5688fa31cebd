import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy, type ValidationOptions } from 'class-validator';

/** An ARGO document as its web API serves it: an object (a `{status, data}` envelope or the payload) or an array of records. */
const IsArgoDocument = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isArgoDocument', validator: { validate: (v: unknown) => typeof v === 'object' && v !== null, defaultMessage: () => '$property must be an ARGO document: a JSON object or array' } }, options);

const doc = (what: string, example?: unknown) => ({
  description: `${what}: ARGO's web-API JSON, as is or in its {"status", "data"} envelope.`,
  type: 'object' as const,
  additionalProperties: true,
  ...(example === undefined ? {} : { example }),
});

/** POST /api/v1/argo/import: the ARGO documents to load (at least one), each optional. */
export class ArgoImportDto {
  @ApiPropertyOptional(doc('The report (config): name, topology schema, filter tags'))
  @IsOptional() @IsArgoDocument()
  config?: object;

  @ApiPropertyOptional(doc('The operations profile (statuses and truth tables)'))
  @IsOptional() @IsArgoDocument()
  operations?: object;

  @ApiPropertyOptional(doc('The aggregation profile'))
  @IsOptional() @IsArgoDocument()
  aggregation?: object;

  @ApiPropertyOptional(doc('The metric profile (metrics per service type)', { name: 'ARGO_MON', services: [{ service: 'ARC-CE', metrics: ['org.nordugrid.ARC-CE-submit'] }] }))
  @IsOptional() @IsArgoDocument()
  metricProfile?: object;

  @ApiPropertyOptional(doc('The thresholds profile'))
  @IsOptional() @IsArgoDocument()
  thresholds?: object;

  @ApiPropertyOptional(doc('Topology endpoints (group, type, service, hostname, tags)'))
  @IsOptional() @IsArgoDocument()
  topologyEndpoints?: object;

  @ApiPropertyOptional(doc('Topology groups (group, type, subgroup, tags)'))
  @IsOptional() @IsArgoDocument()
  topologyGroups?: object;

  @ApiPropertyOptional(doc('Downtimes ([{date, endpoints}] or flat rows)'))
  @IsOptional() @IsArgoDocument()
  downtimes?: object;

  @ApiPropertyOptional(doc('Weights ([{groups: [{name, value}]}])'))
  @IsOptional() @IsArgoDocument()
  weights?: object;

  @ApiPropertyOptional({ ...doc("Vigil's status settings (the body of PUT /api/v1/status/settings)"), example: { defaultFreshnessSeconds: 86400, downtimeOverlay: ['SCHEDULED'] } })
  @IsOptional() @IsArgoDocument()
  statusSettings?: object;
}

export class ArgoImportSectionDto {
  @ApiProperty({ description: 'Events appended for this document: 1, or 0 when its content was already imported.', example: 1 })
  appended: number;

  @ApiProperty({ description: 'The event type.', example: 'MetricProfileSet' })
  type: string;

  @ApiProperty({ description: "The tenant's stream it goes to.", example: 'profile/metric-profile' })
  stream: string;
}

export class ArgoImportResultDto {
  @ApiProperty({ description: 'The tenant of the API key.', example: 'default' })
  tenant: string;

  @ApiProperty({ description: 'Events appended in all.', example: 1 })
  appended: number;

  @ApiProperty({
    description: 'Per document given (by body field): what was appended.',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ArgoImportSectionDto' },
    example: { metricProfile: { appended: 1, type: 'MetricProfileSet', stream: 'profile/metric-profile' } },
  })
  sections: Record<string, ArgoImportSectionDto>;
}
