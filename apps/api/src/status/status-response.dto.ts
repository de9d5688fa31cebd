import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// ARGO web-API status shapes (api/v2/status): nested groups → services → endpoints → metrics.

export class StatusPointDto {
  @ApiProperty({ description: 'When the status began (UTC, seconds), or the closing point of a timeline.', example: '2025-06-02T10:00:00Z' })
  timestamp: string;

  @ApiProperty({ example: 'CRITICAL' })
  value: string;
}

export class MetricStatusDto {
  @ApiProperty({ example: 'org.sam.SRM-Put' }) name: string;
  @ApiProperty({ example: 'metric' }) type: string;
  @ApiProperty({ type: () => [StatusPointDto] }) statuses: StatusPointDto[];
}

export class EndpointStatusDto {
  @ApiProperty({ example: 'se01.example.org' }) name: string;
  @ApiProperty({ example: 'endpoint' }) type: string;
  @ApiPropertyOptional({ type: () => [StatusPointDto] }) statuses?: StatusPointDto[];
  @ApiPropertyOptional({ type: () => [MetricStatusDto] }) metrics?: MetricStatusDto[];
}

export class ServiceStatusDto {
  @ApiProperty({ description: 'The service type.', example: 'SRM' }) name: string;
  @ApiProperty({ example: 'service' }) type: string;
  @ApiPropertyOptional({ type: () => [StatusPointDto] }) statuses?: StatusPointDto[];
  @ApiPropertyOptional({ type: () => [EndpointStatusDto] }) endpoints?: EndpointStatusDto[];
}

export class GroupStatusDto {
  @ApiProperty({ description: 'The endpoint group (a site or service group).', example: 'INFN-T1' }) name: string;
  @ApiProperty({ description: 'SITES or SERVICEGROUPS.', example: 'SITES' }) type: string;
  @ApiProperty({ description: 'Its supergroup (e.g. the NGI).', example: 'NGI_IT' }) supergroup: string;
  @ApiPropertyOptional({ type: () => [StatusPointDto] }) statuses?: StatusPointDto[];
  @ApiPropertyOptional({ type: () => [ServiceStatusDto] }) services?: ServiceStatusDto[];
}

export class GroupStatusPageDto {
  @ApiProperty({ type: () => [GroupStatusDto] }) groups: GroupStatusDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.' }) nextCursor: string | null;
}

export class SupergroupStatusDto {
  @ApiProperty({ example: 'NGI_IT' }) name: string;
  @ApiProperty({ description: 'NGI (a supergroup of sites) or PROJECT.', example: 'NGI' }) type: string;
  @ApiProperty({ type: () => [StatusPointDto] }) statuses: StatusPointDto[];
}

export class SupergroupStatusPageDto {
  @ApiProperty({ type: () => [SupergroupStatusDto] }) supergroups: SupergroupStatusDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
