import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** GET /api/v1/metric-results: filters, a [from, to) window, and keyset paging by `cursor`. */
export class ListMetricResultsDto {
  @IsOptional() @IsString() @Length(1, 255) hostname?: string;
  @IsOptional() @IsString() @Length(1, 255) service?: string;
  @IsOptional() @IsString() @Length(1, 255) metric?: string;
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from must be an ISO-8601 date-time, e.g. 2024-03-07T00:00:00Z' }) from?: string;
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }, { message: 'to must be an ISO-8601 date-time, e.g. 2024-03-08T00:00:00Z' }) to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit?: number;
  @IsOptional() @IsString() @Length(1, 2048) cursor?: string;
}
