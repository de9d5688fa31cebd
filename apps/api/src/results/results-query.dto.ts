import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { PageCursor, PageLimit } from '../registry/shared/paging';

export const GRANULARITIES = ['daily', 'monthly', 'custom'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const FORMATS = ['json', 'csv'] as const;
export type ResultsFormat = (typeof FORMATS)[number];
export const FLAPPING_LEVELS = ['endpoint', 'service', 'function', 'group', 'supergroup'] as const;
export const DEFAULT_RESULTS_LIMIT = 100;
export const MAX_RESULTS_LIMIT = 1000;
export const DEFAULT_TOP = 10;
export const MAX_TOP = 1000;

// A date-time without a zone would be read in the server's zone: a day, or a date-time with Z or an offset.
const DAY_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A UTC day (`2025-06-02`) or an ISO 8601 date-time with a zone (its UTC day counts). */
const IsDayOrDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date (2025-06-02) or date-time (2025-06-02T00:00:00Z)' }),
    Matches(DAY_OR_DATE_TIME, { message: '$property must be a date (2025-06-02) or a date-time with a zone (2025-06-02T00:00:00Z)' }),
  );

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** start_time, end_time (both days included) and format of every results route. */
export class ResultsRangeDto {
  @ApiProperty({ description: 'First day of the range (its UTC day counts): a date or a date-time with a zone.', example: '2025-06-01T00:00:00Z' })
  @IsDayOrDateTime()
  start_time: string;

  @ApiProperty({ description: 'Last day of the range, included (its UTC day counts); at most 366 days after start_time.', example: '2025-06-30T23:59:59Z' })
  @IsDayOrDateTime()
  end_time: string;

  @ApiPropertyOptional({ description: 'Response format; without it, `Accept: text/csv` asks for CSV.', enum: FORMATS, default: 'json' })
  @IsOptional()
  @Transform(lower)
  @IsIn(FORMATS, { message: `format must be one of ${FORMATS.join(', ')}` })
  format?: ResultsFormat;
}

/** A/R results: granularity and cursor paging over the items. */
export class ResultsQueryDto extends ResultsRangeDto {
  @ApiPropertyOptional({
    description: 'daily: one figure per day; monthly: per calendar month (ARGO\'s range formulas over its days in the range); custom: one figure over the whole range.',
    enum: GRANULARITIES,
    default: 'daily',
  })
  @IsOptional()
  @Transform(lower)
  @IsIn(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(', ')}` })
  granularity?: Granularity;

  @PageLimit(MAX_RESULTS_LIMIT, DEFAULT_RESULTS_LIMIT)
  limit?: number;

  @PageCursor(2048, 'nextCursor of the previous page (CSV: the X-Next-Cursor header).')
  cursor?: string;
}

/** GET /api/v1/results/groups also filters by supergroup (e.g. an NGI). */
export class ResultsGroupsQueryDto extends ResultsQueryDto {
  @ApiPropertyOptional({ description: 'Only endpoint groups of this supergroup (e.g. an NGI).', example: 'NGI_IT' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  supergroup?: string;
}

/** GET /api/v1/results/flapping: the items with the most status changes over a range. */
export class FlappingQueryDto extends ResultsRangeDto {
  @ApiPropertyOptional({ description: 'Which level\'s items.', enum: FLAPPING_LEVELS, default: 'endpoint' })
  @IsOptional()
  @Transform(lower)
  @IsIn(FLAPPING_LEVELS, { message: `level must be one of ${FLAPPING_LEVELS.join(', ')}` })
  level?: (typeof FLAPPING_LEVELS)[number];

  @ApiPropertyOptional({ description: 'How many items, most changes first.', minimum: 1, maximum: MAX_TOP, default: DEFAULT_TOP })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TOP)
  top?: number;

  @ApiPropertyOptional({ description: 'Only items of this supergroup (e.g. an NGI).', example: 'NGI_IT' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  supergroup?: string;

  @ApiPropertyOptional({ description: 'Only items of this endpoint group (a site or service group).', example: 'INFN-T1' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  group?: string;
}
