import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsDateTime } from '../registry/shared/date-time';
import { PageCursor, PageLimit } from '../registry/shared/paging';

export const STATUS_VALUES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN', 'MISSING', 'DOWNTIME'] as const;
export const DEFAULT_STATUS_LIMIT = 100;
export const MAX_STATUS_LIMIT = 1000;

/** ?at= | ?start_time=&end_time=, ?status=, ?limit=&cursor= of every status route. */
export class StatusQueryDto {
  @ApiPropertyOptional({ description: 'The status as it was at this time (ISO 8601 with a zone); excludes start_time/end_time.', format: 'date-time', example: '2025-06-02T10:00:00Z' })
  @IsOptional()
  @IsDateTime()
  at?: string;

  @ApiPropertyOptional({ description: 'Start of a timeline (ISO 8601); needs end_time. The first point is the status at start_time.', format: 'date-time', example: '2025-06-02T00:00:00Z' })
  @IsOptional()
  @IsDateTime()
  start_time?: string;

  @ApiPropertyOptional({ description: 'End of a timeline (ISO 8601); a closing point is added at 23:59:59 of its day, or now for today.', format: 'date-time', example: '2025-06-02T23:59:59Z' })
  @IsOptional()
  @IsDateTime()
  end_time?: string;

  @ApiPropertyOptional({ description: 'Only items with this status (in a timeline: that had it in the range).', enum: STATUS_VALUES })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(STATUS_VALUES, { message: `status must be one of ${STATUS_VALUES.join(', ')}` })
  status?: string;

  @PageLimit(MAX_STATUS_LIMIT, DEFAULT_STATUS_LIMIT)
  limit?: number;

  @PageCursor(2048)
  cursor?: string;
}

/** GET /api/v1/status/groups also filters by supergroup (e.g. an NGI). */
export class StatusGroupsQueryDto extends StatusQueryDto {
  @ApiPropertyOptional({ description: 'Only endpoint groups of this supergroup (e.g. an NGI).', example: 'NGI_IT' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  supergroup?: string;
}
