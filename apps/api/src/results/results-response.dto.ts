import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// ARGO web-API results shapes (api/v2/results): groups → serviceflavors → endpoints, values as strings.

export class ResultFiguresDto {
  @ApiProperty({ description: 'The day (2025-06-02), month (2025-06) or custom range (2025-06-01/2025-06-30).', example: '2025-06-02' }) timestamp: string;
  @ApiProperty({ description: 'Percent, 5 decimals at most; -1 when undefined (supergroups: nan).', example: '98.26389' }) availability: string;
  @ApiProperty({ description: 'Percent, 5 decimals at most; -1 when undefined (supergroups: nan).', example: '98.26389' }) reliability: string;
  @ApiProperty({ description: 'Fraction of the period UNKNOWN or MISSING.', example: '0' }) unknown: string;
  @ApiProperty({ description: 'Fraction of the period OK or WARNING.', example: '0.98264' }) uptime: string;
  @ApiProperty({ description: 'Fraction of the period in DOWNTIME.', example: '0' }) downtime: string;
  @ApiProperty({ description: 'false while a day of the period is still open (the figures so far).' }) final: boolean;
}

export class EndpointResultsDto {
  @ApiProperty({ description: 'The host of the endpoint.', example: 'se01.example.org' }) name: string;
  @ApiProperty({ description: 'Always endpoint.', example: 'endpoint' }) type: string;
  @ApiProperty({ description: 'Its figures, one per period in time order.', type: () => [ResultFiguresDto] }) results: ResultFiguresDto[];
}

export class ServiceResultsDto {
  @ApiProperty({ description: 'The service type.', example: 'SRM' }) name: string;
  @ApiProperty({ description: 'Always service.', example: 'service' }) type: string;
  @ApiPropertyOptional({ description: 'Its figures, one per period (on the service routes).', type: () => [ResultFiguresDto] }) results?: ResultFiguresDto[];
  @ApiPropertyOptional({ description: 'Its endpoints (on the endpoint routes, instead of results).', type: () => [EndpointResultsDto] }) endpoints?: EndpointResultsDto[];
}

export class GroupResultsDto {
  @ApiProperty({ description: 'The endpoint group (a site or service group).', example: 'INFN-T1' }) name: string;
  @ApiProperty({ description: 'SITES or SERVICEGROUPS.', example: 'SITES' }) type: string;
  @ApiProperty({ description: 'Its supergroup (e.g. the NGI).', example: 'NGI_IT' }) supergroup: string;
  @ApiPropertyOptional({ description: 'Its figures, one per period (on the group routes).', type: () => [ResultFiguresDto] }) results?: ResultFiguresDto[];
  @ApiPropertyOptional({ description: 'Its services (on the service and endpoint routes, instead of results).', type: () => [ServiceResultsDto] }) serviceflavors?: ServiceResultsDto[];
}

export class GroupResultsPageDto {
  @ApiProperty({ description: 'The endpoint groups of this page, each with the items below it that the route asks for.', type: () => [GroupResultsDto] }) results: GroupResultsDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.' }) nextCursor: string | null;
}

export class SupergroupResultsDto {
  @ApiProperty({ description: 'The supergroup.', example: 'NGI_IT' }) name: string;
  @ApiProperty({ description: 'NGI (a supergroup of sites) or PROJECT.', example: 'NGI' }) type: string;
  @ApiProperty({ description: 'Its figures, one per period in time order.', type: () => [ResultFiguresDto] }) results: ResultFiguresDto[];
}

export class SupergroupResultsPageDto {
  @ApiProperty({ description: 'The supergroups of this page.', type: () => [SupergroupResultsDto] }) results: SupergroupResultsDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.' }) nextCursor: string | null;
}

export class FlappingItemDto {
  @ApiProperty({ description: 'The supergroup (e.g. the NGI).', example: 'NGI_IT' }) supergroup: string;
  @ApiProperty({ description: 'The endpoint group; empty for supergroups.', example: 'INFN-T1' }) group: string;
  @ApiProperty({ description: 'The function (aggregation profile); empty where the level has none.', example: 'Storage' }) function: string;
  @ApiProperty({ description: 'The service type; empty above the service level.', example: 'SRM' }) service: string;
  @ApiProperty({ description: 'Empty above the endpoint level.', example: 'se01.example.org' }) hostname: string;
  @ApiProperty({ description: 'Status changes over the range.', example: 42 }) changes: number;
  @ApiProperty({ description: 'Days with data in the range.', example: 7 }) days: number;
}

export class FlappingDto {
  @ApiProperty({ description: 'The level of the items.', enum: ['endpoint', 'service', 'function', 'group', 'supergroup'], example: 'endpoint' }) level: string;
  @ApiProperty({ description: 'First day of the range (UTC).', example: '2025-06-01' }) start_time: string;
  @ApiProperty({ description: 'Last day of the range, included (UTC).', example: '2025-06-07' }) end_time: string;
  @ApiProperty({ description: 'The items, most status changes first.', type: () => [FlappingItemDto] }) items: FlappingItemDto[];
}
