import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';

const ISO = { strict: true } as const;

export class ExcludedMetricDto {
  /** Endpoint group */
  @IsOptional() @IsString() @Length(1, 200)
  group?: string;

  /** Service type */
  @IsOptional() @IsString() @Length(1, 200)
  service?: string;

  @IsOptional() @IsString() @Length(1, 255)
  hostname?: string;

  @IsOptional() @IsString() @Length(1, 300)
  metric?: string;
}

export class ExcludedMonitoringSourceDto {
  @IsString() @Length(1, 255)
  host: string;

  @IsISO8601(ISO)
  start_time: string;

  @IsISO8601(ISO)
  end_time: string;
}

export class AppliedStatusChangeDto extends ExcludedMetricDto {
  /** The status forced, one of the tenant's operations profile (e.g. OK, CRITICAL); ARGO also calls it `state` */
  @ValidateIf((o: AppliedStatusChangeDto) => o.state === undefined) @IsString() @Length(1, 50)
  status?: string;

  @ValidateIf((o: AppliedStatusChangeDto) => o.status === undefined) @IsString() @Length(1, 50)
  state?: string;

  @IsOptional() @IsISO8601(ISO)
  start_time?: string;

  @IsOptional() @IsISO8601(ISO)
  end_time?: string;
}

/** ARGO's recomputation request (its field names). */
export class CreateRecomputationDto {
  @IsISO8601(ISO)
  start_time: string;

  @IsISO8601(ISO)
  end_time: string;

  @IsString() @Length(1, 1000)
  reason: string;

  /** Who asks (name or e-mail) */
  @IsString() @Length(1, 200)
  requester: string;

  /** Endpoint groups counted as unknown over the period */
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @Length(1, 200, { each: true })
  exclude?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ExcludedMetricDto)
  exclude_metrics?: ExcludedMetricDto[];

  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ExcludedMonitoringSourceDto)
  exclude_monitoring_source?: ExcludedMonitoringSourceDto[];

  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => AppliedStatusChangeDto)
  applied_status_changes?: AppliedStatusChangeDto[];
}

export class RecomputationListQuery {
  @IsOptional() @IsIn(['pending', 'running', 'done', 'failed', 'withdrawn'])
  status?: string;
}

export class WithdrawRecomputationQuery {
  @IsOptional() @IsString() @Length(1, 1000)
  reason?: string;
}
