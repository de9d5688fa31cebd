import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DEFAULT_STATUS_SETTINGS, DOWNTIME_OVERLAY_CLASSIFICATIONS, MAX_FRESHNESS_SECONDS, METRIC_NAME } from '@vigil/domain';

const SECONDS = { message: `$property must be an integer number of seconds from 1 to ${MAX_FRESHNESS_SECONDS}` };
const CLASSIFICATIONS = [...DOWNTIME_OVERLAY_CLASSIFICATIONS];

export class MetricFreshnessDto {
  @ApiProperty({ description: 'The metric (probe) name: 1-255 characters, no blanks.', example: 'org.nordugrid.ARC-CE-submit' })
  @IsString() @Matches(METRIC_NAME, { message: '$property must be a metric name: 1-255 characters, no blanks' })
  metric: string;

  @ApiProperty({ description: `How long a result of this metric stays fresh, in seconds (1-${MAX_FRESHNESS_SECONDS}).`, example: 3600, minimum: 1, maximum: MAX_FRESHNESS_SECONDS })
  @IsInt(SECONDS) @Min(1, SECONDS) @Max(MAX_FRESHNESS_SECONDS, SECONDS)
  seconds: number;
}

/** PUT /api/v1/status/settings: the whole settings; an omitted field takes ARGO's default. */
export class StatusSettingsDto {
  @ApiPropertyOptional({
    description: `How long a result stays fresh before its metric turns MISSING, in seconds (1-${MAX_FRESHNESS_SECONDS}; default 86400, ARGO's daily fill).`,
    example: DEFAULT_STATUS_SETTINGS.defaultFreshnessSeconds, minimum: 1, maximum: MAX_FRESHNESS_SECONDS,
  })
  @IsOptional() @IsInt(SECONDS) @Min(1, SECONDS) @Max(MAX_FRESHNESS_SECONDS, SECONDS)
  defaultFreshnessSeconds?: number;

  @ApiPropertyOptional({ description: 'Windows overriding the default for some metrics, one per metric (at most 10,000); default none.', type: () => MetricFreshnessDto, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(10_000) @ValidateNested({ each: true }) @Type(() => MetricFreshnessDto)
  metricFreshness?: MetricFreshnessDto[];

  @ApiPropertyOptional({
    description: "Classifications of OUTAGE downtimes that turn an endpoint DOWNTIME: [] turns the overlay off; default ['SCHEDULED'] (ARGO's rule). WARNING downtimes never overlay, and failures during them count.",
    enum: CLASSIFICATIONS, isArray: true, example: ['SCHEDULED'],
  })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(CLASSIFICATIONS, { each: true, message: `each value of $property must be one of ${CLASSIFICATIONS.join(', ')}` })
  downtimeOverlay?: ('SCHEDULED' | 'UNSCHEDULED')[];
}

/** The settings in effect and where they come from. */
export class StatusSettingsViewDto {
  @ApiProperty({ description: 'How long a result stays fresh before its metric turns MISSING, in seconds.', example: 86400 })
  defaultFreshnessSeconds: number;

  @ApiProperty({ description: 'Per-metric windows overriding the default, sorted by metric.', type: () => MetricFreshnessDto, isArray: true })
  metricFreshness: MetricFreshnessDto[];

  @ApiProperty({ description: 'Classifications of OUTAGE downtimes that overlay DOWNTIME ([]: none).', enum: CLASSIFICATIONS, isArray: true, example: ['SCHEDULED'] })
  downtimeOverlay: string[];

  @ApiProperty({ description: "Revision of the tenant's settings stream (profile/status-settings); null while ARGO's defaults apply.", type: Number, nullable: true, example: 0 })
  revision: number | null;

  @ApiProperty({ description: 'When these settings were set (ISO 8601); null for the defaults.', type: String, format: 'date-time', nullable: true, example: '2026-11-24T12:00:00.000Z' })
  setAt: string | null;

  @ApiProperty({ description: 'Who set them: the API key id, or the file `vigil argo import` read; null for the defaults.', type: String, nullable: true, example: 'api key 3f2a' })
  source: string | null;
}

export class StatusSettingsWriteDto extends StatusSettingsViewDto {
  @ApiProperty({ description: 'Whether a StatusSettingsSet event was appended (false when the settings were already these).', example: true })
  changed: boolean;
}
