import { ApiProperty } from '@nestjs/swagger';

// ARGO web-API topology shapes (api/v2/topology/endpoints and /groups), plus the supergroup and validFrom.

export class TopologyEndpointDto {
  @ApiProperty({ description: 'The day the topology is of (YYYY-MM-DD).', example: '2025-06-02' }) date: string;
  @ApiProperty({ description: 'The endpoint group (a site).', example: 'INFN-T1' }) group: string;
  @ApiProperty({ description: 'Type of the endpoint group.', example: 'SITES' }) type: string;
  @ApiProperty({ description: 'The service type.', example: 'SRM' }) service: string;
  @ApiProperty({ description: 'The host of the endpoint.', example: 'se01.example.org' }) hostname: string;
  @ApiProperty({ description: 'The supergroup of the endpoint group (e.g. the NGI).', example: 'NGI_IT' }) supergroup: string;
  @ApiProperty({ description: 'Tags as ARGO topology feeds carry them (monitored, production, scope).', type: 'object', additionalProperties: { type: 'string' } }) tags: Record<string, string>;
  @ApiProperty({ description: 'Since when the endpoint is as shown.', format: 'date-time', example: '2025-06-01T08:00:00Z' }) validFrom: string;
}

export class TopologyEndpointPageDto {
  @ApiProperty({ description: 'The endpoints of this page.', type: () => [TopologyEndpointDto] }) data: TopologyEndpointDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.' }) nextCursor: string | null;
}

export class TopologyGroupDto {
  @ApiProperty({ description: 'The day the topology is of (YYYY-MM-DD).', example: '2025-06-02' }) date: string;
  @ApiProperty({ description: 'The supergroup (e.g. the NGI).', example: 'NGI_IT' }) group: string;
  @ApiProperty({ description: 'Type of the supergroup.', example: 'NGI' }) type: string;
  @ApiProperty({ description: 'The endpoint group (e.g. the site).', example: 'INFN-T1' }) subgroup: string;
  @ApiProperty({ description: 'Type of the endpoint group.', example: 'SITES' }) subgroupType: string;
  @ApiProperty({ description: 'Tags as ARGO topology feeds carry them (monitored, scope).', type: 'object', additionalProperties: { type: 'string' } }) tags: Record<string, string>;
  @ApiProperty({ description: 'Since when the group is as shown.', format: 'date-time', example: '2025-06-01T08:00:00Z' }) validFrom: string;
}

export class TopologyGroupPageDto {
  @ApiProperty({ description: 'The groups of this page.', type: () => [TopologyGroupDto] }) data: TopologyGroupDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.' }) nextCursor: string | null;
}
