import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsDateTime } from '../registry/shared/date-time';
import { PageCursor, PageLimit } from '../registry/shared/paging';

export const DEFAULT_TOPOLOGY_LIMIT = 100;
export const MAX_TOPOLOGY_LIMIT = 1000;

/** ?at=, filters and paging of the topology lists. */
export class TopologyGroupsQueryDto {
  @ApiPropertyOptional({ description: 'The topology as it was at this time (ISO 8601 with a zone); default now.', format: 'date-time', example: '2025-06-02T10:00:00Z' })
  @IsOptional()
  @IsDateTime()
  at?: string;

  @ApiPropertyOptional({ description: 'Only this supergroup (e.g. an NGI).', example: 'NGI_IT' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  supergroup?: string;

  @ApiPropertyOptional({ description: 'Only this endpoint group (e.g. a site).', example: 'INFN-T1' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  group?: string;

  @PageLimit(MAX_TOPOLOGY_LIMIT, DEFAULT_TOPOLOGY_LIMIT)
  limit?: number;

  @PageCursor(2048)
  cursor?: string;
}

export class TopologyEndpointsQueryDto extends TopologyGroupsQueryDto {
  @ApiPropertyOptional({ description: 'Only this service type.', example: 'SRM' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  service?: string;

  @ApiPropertyOptional({ description: 'Only this host.', example: 'se01.example.org' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  hostname?: string;
}
