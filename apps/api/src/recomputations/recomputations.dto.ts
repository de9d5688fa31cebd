import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';

const ISO = { strict: true } as const;

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
  @ApiPropertyOptional({ description: 'Only recomputations in this state.', enum: ['pending', 'running', 'done', 'failed', 'withdrawn'] })
  @IsOptional() @IsIn(['pending', 'running', 'done', 'failed', 'withdrawn'])
  status?: string;
}

export class WithdrawRecomputationQuery {
  @ApiPropertyOptional({ description: 'Why the recomputation is withdrawn (at most 1000 characters).', example: 'Requested by mistake' })
  @IsOptional() @IsString() @Length(1, 1000)
  reason?: string;
}
