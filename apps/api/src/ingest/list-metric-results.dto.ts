import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PageCursor, PageLimit } from '../registry/shared/paging';

/** GET /api/v1/metric-results: filters, a [from, to) window, and keyset paging by `cursor`. */
export class ListMetricResultsDto {
  @ApiPropertyOptional({ description: 'Only results of this host.', example: 'se01.example.org' }) @IsOptional() @IsString() @Length(1, 255) hostname?: string;
  @ApiPropertyOptional({ description: 'Only results of this service type.', example: 'SRM' }) @IsOptional() @IsString() @Length(1, 255) service?: string;
  @ApiPropertyOptional({ description: 'Only results of this metric.', example: 'org.sam.SRM-Put' }) @IsOptional() @IsString() @Length(1, 255) metric?: string;
  @ApiPropertyOptional({ description: 'Results at or after this time (ISO 8601).', format: 'date-time', example: '2024-03-07T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from must be an ISO-8601 date-time, e.g. 2024-03-07T00:00:00Z' }) from?: string;
  @ApiPropertyOptional({ description: 'Results before this time (ISO 8601); after `from`.', format: 'date-time', example: '2024-03-08T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }, { message: 'to must be an ISO-8601 date-time, e.g. 2024-03-08T00:00:00Z' }) to?: string;
  @PageLimit(10_000, 1000, 'Results per page.') limit?: number;
  @PageCursor(2048) cursor?: string;
}
