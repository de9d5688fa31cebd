import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';

const ISO = { strict: true } as const;

export const RECOMPUTATION_STATUSES = ['pending', 'running', 'done', 'failed', 'withdrawn'] as const;

const START = { description: 'Start of the period (ISO 8601).', format: 'date-time', example: '2025-06-01T00:00:00Z' };
const END = { description: 'End of the period (ISO 8601).', format: 'date-time', example: '2025-06-02T00:00:00Z' };

export class ExcludedMetricDto {
  /** Endpoint group */
  @ApiPropertyOptional({ description: 'The endpoint group (e.g. a site); any unless given.', example: 'INFN-T1' })
  @IsOptional() @IsString() @Length(1, 200)
  group?: string;

  /** Service type */
  @ApiPropertyOptional({ description: 'The service type; any unless given.', example: 'SRM' })
  @IsOptional() @IsString() @Length(1, 200)
  service?: string;

  @ApiPropertyOptional({ description: 'The host; any unless given.', example: 'se01.example.org' })
  @IsOptional() @IsString() @Length(1, 255)
  hostname?: string;

  @ApiPropertyOptional({ description: 'The metric; any unless given.', example: 'org.sam.SRM-Put' })
  @IsOptional() @IsString() @Length(1, 300)
  metric?: string;
}

export class ExcludedMonitoringSourceDto {
  @ApiProperty({ description: 'The monitoring host whose results are left out.', example: 'mon01.example.org' })
  @IsString() @Length(1, 255)
  host: string;

  @ApiProperty({ ...START, description: 'Start of the window left out (ISO 8601).' })
  @IsISO8601(ISO)
  start_time: string;

  @ApiProperty({ ...END, description: 'End of the window left out (ISO 8601).' })
  @IsISO8601(ISO)
  end_time: string;
}

export class AppliedStatusChangeDto extends ExcludedMetricDto {
  /** The status forced, one of the tenant's operations profile (e.g. OK, CRITICAL); ARGO also calls it `state` */
  @ApiPropertyOptional({ description: "The status forced, one of the tenant's operations profile (e.g. OK, CRITICAL); this or `state`.", example: 'OK' })
  @ValidateIf((o: AppliedStatusChangeDto) => o.state === undefined) @IsString() @Length(1, 50)
  status?: string;

  @ApiPropertyOptional({ description: 'ARGO\'s other name for `status`; this or `status`.', example: 'OK' })
  @ValidateIf((o: AppliedStatusChangeDto) => o.status === undefined) @IsString() @Length(1, 50)
  state?: string;

  @ApiPropertyOptional({ ...START, description: 'Start of the forced status (ISO 8601).' })
  @IsOptional() @IsISO8601(ISO)
  start_time?: string;

  @ApiPropertyOptional({ ...END, description: 'End of the forced status (ISO 8601).' })
  @IsOptional() @IsISO8601(ISO)
  end_time?: string;
}

/** ARGO's recomputation request (its field names). */
export class CreateRecomputationDto {
  @ApiProperty({ ...START, description: 'Start of the period to recompute (ISO 8601).' })
  @IsISO8601(ISO)
  start_time: string;

  @ApiProperty({ ...END, description: 'End of the period to recompute (ISO 8601).' })
  @IsISO8601(ISO)
  end_time: string;

  @ApiProperty({ description: 'Why (at most 1000 characters).', example: 'Monitoring outage on 2025-06-01' })
  @IsString() @Length(1, 1000)
  reason: string;

  /** Who asks (name or e-mail) */
  @ApiProperty({ description: 'Who asks: name or e-mail (at most 200 characters).', example: 'ops@example.org' })
  @IsString() @Length(1, 200)
  requester: string;

  /** Endpoint groups counted as unknown over the period */
  @ApiPropertyOptional({ description: 'Endpoint groups counted as unknown over the period.', type: String, isArray: true, example: ['INFN-T1'] })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @Length(1, 200, { each: true })
  exclude?: string[];

  @ApiPropertyOptional({ description: 'Metric results left out over the period (each field narrows the match).', type: () => ExcludedMetricDto, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ExcludedMetricDto)
  exclude_metrics?: ExcludedMetricDto[];

  @ApiPropertyOptional({ description: 'Monitoring hosts whose results are left out over a window.', type: () => ExcludedMonitoringSourceDto, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ExcludedMonitoringSourceDto)
  exclude_monitoring_source?: ExcludedMonitoringSourceDto[];

  @ApiPropertyOptional({ description: 'Statuses forced over (part of) the period.', type: () => AppliedStatusChangeDto, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => AppliedStatusChangeDto)
  applied_status_changes?: AppliedStatusChangeDto[];
}

export class RecomputationListQuery {
  @ApiPropertyOptional({ description: 'Only recomputations in this state.', enum: RECOMPUTATION_STATUSES })
  @IsOptional() @IsIn(RECOMPUTATION_STATUSES)
  status?: string;
}

export class WithdrawRecomputationQuery {
  @ApiPropertyOptional({ description: 'Why the recomputation is withdrawn (at most 1000 characters).', example: 'Requested by mistake' })
  @IsOptional() @IsString() @Length(1, 1000)
  reason?: string;
}


export class ExcludedMetricViewDto {
  @ApiPropertyOptional({ description: 'The endpoint group it narrows to (absent: any).', example: 'INFN-T1' }) group?: string;
  @ApiPropertyOptional({ description: 'The service type it narrows to (absent: any).', example: 'SRM' }) service?: string;
  @ApiPropertyOptional({ description: 'The host it narrows to (absent: any).', example: 'se01.example.org' }) hostname?: string;
  @ApiPropertyOptional({ description: 'The metric it narrows to (absent: any).', example: 'org.sam.SRM-Put' }) metric?: string;
}

export class ExcludedMonitoringSourceViewDto {
  @ApiProperty({ description: 'The monitoring host whose results are left out.', example: 'mon01.example.org' }) host: string;
  @ApiProperty({ description: 'Start of the window left out (UTC, seconds).', format: 'date-time', example: '2025-06-01T00:00:00Z' }) start_time: string;
  @ApiProperty({ description: 'End of the window left out (UTC, seconds).', format: 'date-time', example: '2025-06-01T06:00:00Z' }) end_time: string;
}

export class AppliedStatusChangeViewDto extends ExcludedMetricViewDto {
  @ApiProperty({ description: 'The status forced (upper case).', example: 'OK' }) status: string;
  @ApiPropertyOptional({ description: 'Start of the forced status (absent: the start of the period).', format: 'date-time', example: '2025-06-01T00:00:00Z' }) start_time?: string;
  @ApiPropertyOptional({ description: 'End of the forced status (absent: the end of the period).', format: 'date-time', example: '2025-06-01T06:00:00Z' }) end_time?: string;
}

/** A recomputation in ARGO's shape, with Vigil's status and the days it covers. */
export class RecomputationDto {
  @ApiProperty({ description: 'Its id (a UUID the server assigns).', example: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' }) id: string;
  @ApiProperty({ description: 'Who asked.', example: 'ops@example.org' }) requester: string;
  @ApiProperty({ description: 'Why.', example: 'Monitoring outage on 2025-06-01' }) reason: string;
  @ApiProperty({ description: 'Start of the period (UTC, seconds).', format: 'date-time', example: '2025-06-01T00:00:00Z' }) start_time: string;
  @ApiProperty({ description: 'End of the period (UTC, seconds).', format: 'date-time', example: '2025-06-02T00:00:00Z' }) end_time: string;
  @ApiProperty({ description: 'Endpoint groups counted as unknown over the period.', type: String, isArray: true, example: ['INFN-T1'] }) exclude: string[];
  @ApiProperty({ description: 'Metric results left out over the period.', type: () => ExcludedMetricViewDto, isArray: true }) exclude_metrics: ExcludedMetricViewDto[];
  @ApiProperty({ description: 'Monitoring hosts whose results are left out over a window.', type: () => ExcludedMonitoringSourceViewDto, isArray: true })
  exclude_monitoring_source: ExcludedMonitoringSourceViewDto[];
  @ApiProperty({ description: 'Statuses forced over (part of) the period.', type: () => AppliedStatusChangeViewDto, isArray: true }) applied_status_changes: AppliedStatusChangeViewDto[];
  @ApiProperty({ description: 'pending → running → done or failed; withdrawn once withdrawn (its days recomputed without it).', enum: RECOMPUTATION_STATUSES, example: 'done' })
  status: string;
  @ApiProperty({ description: 'The UTC days (YYYY-MM-DD) it recomputes (when done: those recomputed).', type: String, isArray: true, example: ['2025-06-01', '2025-06-02'] }) days: string[];
  @ApiProperty({ description: 'Why it failed; null unless failed.', type: String, nullable: true, example: null }) error: string | null;
  @ApiProperty({ description: 'When it was requested (UTC, seconds).', format: 'date-time', example: '2025-06-03T08:00:00Z' }) timestamp: string;
}

export class RecomputationListDto {
  @ApiProperty({ description: 'The recomputations, newest first (at most 1000).', type: () => RecomputationDto, isArray: true }) items: RecomputationDto[];
}
