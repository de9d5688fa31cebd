import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// ARGO web-API status shapes (api/v2/status): nested groups → services → endpoints → metrics.

export class StatusPointDto {
  @ApiProperty({ description: 'When the status began (UTC, seconds), or the closing point of a timeline.', format: 'date-time', example: '2025-06-02T10:00:00Z' })
  timestamp: string;

  @ApiProperty({ description: 'The status from this time on.', example: 'CRITICAL' })
  value: string;
}

export class MetricStatusDto {
  @ApiProperty({ description: 'The metric (probe) name.', example: 'org.sam.SRM-Put' }) name: string;
  @ApiProperty({ description: 'Always metric.', example: 'metric' }) type: string;
  @ApiProperty({ description: 'Status changes in time order: one point now or at `at`, or a timeline.', type: () => [StatusPointDto] }) statuses: StatusPointDto[];
}

export class EndpointStatusDto {
  @ApiProperty({ description: 'The host of the endpoint.', example: 'se01.example.org' }) name: string;
  @ApiProperty({ description: 'Always endpoint.', example: 'endpoint' }) type: string;
  @ApiPropertyOptional({ description: 'Status changes in time order: one point now or at `at`, or a timeline.', type: () => [StatusPointDto] }) statuses?: StatusPointDto[];
  @ApiPropertyOptional({ description: 'Its metrics (on the metric routes, instead of statuses).', type: () => [MetricStatusDto] }) metrics?: MetricStatusDto[];
}

export class ServiceStatusDto {
  @ApiProperty({ description: 'The service type.', example: 'SRM' }) name: string;
  @ApiProperty({ description: 'Always service.', example: 'service' }) type: string;
  @ApiPropertyOptional({ description: 'Status changes in time order: one point now or at `at`, or a timeline.', type: () => [StatusPointDto] }) statuses?: StatusPointDto[];
  @ApiPropertyOptional({ description: 'Its endpoints (on the endpoint and metric routes, instead of statuses).', type: () => [EndpointStatusDto] }) endpoints?: EndpointStatusDto[];
}

export class GroupStatusDto {
  @ApiProperty({ description: 'The endpoint group (a site or service group).', example: 'INFN-T1' }) name: string;
  @ApiProperty({ description: 'SITES or SERVICEGROUPS.', example: 'SITES' }) type: string;
  @ApiProperty({ description: 'Its supergroup (e.g. the NGI).', example: 'NGI_IT' }) supergroup: string;
  @ApiPropertyOptional({ description: 'Status changes in time order: one point now or at `at`, or a timeline.', type: () => [StatusPointDto] }) statuses?: StatusPointDto[];
  @ApiPropertyOptional({ description: 'Its services (on the service and deeper routes, instead of statuses).', type: () => [ServiceStatusDto] }) services?: ServiceStatusDto[];
}

export class GroupStatusPageDto {
  @ApiProperty({ description: 'The endpoint groups of this page.', type: () => [GroupStatusDto] }) groups: GroupStatusDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.' }) nextCursor: string | null;
}

export class SupergroupStatusDto {
  @ApiProperty({ description: 'The supergroup.', example: 'NGI_IT' }) name: string;
  @ApiProperty({ description: 'NGI (a supergroup of sites) or PROJECT.', example: 'NGI' }) type: string;
  @ApiProperty({ description: 'Status changes in time order: one point now or at `at`, or a timeline.', type: () => [StatusPointDto] }) statuses: StatusPointDto[];
}

export class SupergroupStatusPageDto {
  @ApiProperty({ description: 'The supergroups of this page.', type: () => [SupergroupStatusDto] }) supergroups: SupergroupStatusDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.' }) nextCursor: string | null;
}
