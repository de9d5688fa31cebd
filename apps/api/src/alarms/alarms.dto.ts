import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageCursor, PageLimit } from '../registry/shared/paging';

export const DEFAULT_ALARM_PAGE = 100;
export const MAX_ALARM_PAGE = 1000;

/** GET /api/v1/alarms: filters and keyset paging (newest first). */
export class AlarmListQuery {
  @ApiPropertyOptional({ description: 'Only alarms of this site (short name).', example: 'INFN-T1' }) @IsOptional() @IsString() @Length(1, 255) site?: string;
  @ApiPropertyOptional({ description: 'Same as site: the endpoint group of a site.', example: 'INFN-T1' }) @IsOptional() @IsString() @Length(1, 255) endpointGroup?: string;
  @ApiPropertyOptional({ description: "Only alarms of this NGI's sites.", example: 'NGI_IT' }) @IsOptional() @IsString() @Length(1, 255) ngi?: string;
  @ApiPropertyOptional({ description: 'Only alarms of this service type.', example: 'SRM' }) @IsOptional() @IsString() @Length(1, 255) service?: string;
  @ApiPropertyOptional({ description: 'Only alarms of this host.', example: 'se01.example.org' }) @IsOptional() @IsString() @Length(1, 255) hostname?: string;
  @ApiPropertyOptional({ description: 'open: still failing; cleared: ended.', enum: ['open', 'cleared'] }) @IsOptional() @IsIn(['open', 'cleared']) state?: 'open' | 'cleared';
  @PageLimit(MAX_ALARM_PAGE, DEFAULT_ALARM_PAGE, 'Alarms per page.') limit?: number;
  @PageCursor(512) cursor?: string;
}

export class AlarmDto {
  @ApiProperty({ description: 'The alarm id (one per failure episode of an endpoint).', example: '1f0e5b4c-5a1d-5e2f-8c3b-9d4e5f6a7b8c' }) alarmId: string;
  @ApiProperty({ description: 'open while the endpoint fails; cleared once it recovered or left monitoring, production or the registry, or went into an OUTAGE downtime.', enum: ['open', 'cleared'] }) state: string;
  @ApiProperty({ description: 'Site (endpoint group) the alarm is against.', example: 'INFN-T1' }) site: string;
  @ApiProperty({ description: "The site's NGI ('' when unknown).", example: 'NGI_IT' }) ngi: string;
  @ApiProperty({ description: 'Registry id of the service (hostname × service type).', example: '1234G0' }) serviceId: string;
  @ApiProperty({ description: 'Service type.', example: 'SRM' }) service: string;
  @ApiProperty({ description: 'Host of the endpoint.', example: 'se01.example.org' }) hostname: string;
  @ApiProperty({ description: "The endpoint's latest status.", example: 'CRITICAL' }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'The ticket the alarm is masked under, if any.', example: null }) ticketId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it cleared: RECOVERED, DOWNTIME, UNMONITORED, NOT_PRODUCTION or REMOVED.', example: null }) reason: string | null;
  @ApiProperty({ description: 'When the endpoint started failing.', format: 'date-time' }) raisedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the alarm cleared.', format: 'date-time', example: null }) clearedAt: string | null;
  @ApiProperty({ description: 'Time of the latest change.', format: 'date-time' }) updatedAt: string;
}

export class AlarmEventDto {
  @ApiProperty({ description: 'RAISED, ATTACHED (to a ticket) or CLEARED.', enum: ['RAISED', 'ATTACHED', 'CLEARED'] }) event: string;
  @ApiProperty({ description: "The endpoint's status then.", example: 'CRITICAL' }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'The ticket, for ATTACHED.', example: null }) ticketId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it cleared, for CLEARED.', example: null }) reason: string | null;
  @ApiProperty({ description: 'When it happened.', format: 'date-time' }) at: string;
}

export class AlarmDetailDto extends AlarmDto {
  @ApiProperty({ type: () => AlarmEventDto, isArray: true, description: 'What happened to the alarm, in order.' }) history: AlarmEventDto[];
}

export class AlarmPageDto {
  @ApiProperty({ type: () => AlarmDto, isArray: true, description: 'The alarms of this page, newest first.' }) items: AlarmDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.', example: null }) nextCursor: string | null;
}

export class OversightQuery {
  @ApiPropertyOptional({ description: "Only this NGI's sites.", example: 'NGI_IT' }) @IsOptional() @IsString() @Length(1, 255) ngi?: string;
}

export class OversightSiteDto {
  @ApiProperty({ description: 'Site short name.', example: 'INFN-T1' }) site: string;
  @ApiProperty({ description: "The site's NGI.", example: 'NGI_IT' }) ngi: string;
  @ApiProperty({ description: 'Which criteria the site meets.', isArray: true, enum: ['ALARMS_OLDER_THAN_72H', 'TICKETS_UNSOLVED_FOR_A_MONTH', 'TICKETS_EXPIRED_FOR_3_DAYS', 'DOWNTIMES_LONGER_THAN_A_MONTH', 'AR_BELOW_TARGETS'] }) reasons: string[];
  @ApiProperty({ description: 'Open alarms raised more than 72 h ago.', type: [String] }) oldAlarms: string[];
  @ApiProperty({ description: 'Open tickets opened more than 30 days ago.', type: [String] }) unsolvedTickets: string[];
  @ApiProperty({ description: 'Open tickets whose expiry passed more than 3 days ago.', type: [String] }) expiredTickets: string[];
  @ApiProperty({ description: 'Downtimes not yet over that last more than 30 days.', type: [String] }) longDowntimes: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Availability (%) over the last 30 full days, when below the EGI target of 80 % or reliability below 85 %; else null.', example: null }) availability: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Reliability (%) over the last 30 full days, with availability (see there).', example: null }) reliability: number | null;
}

export class OversightDto {
  @ApiProperty({ description: 'The moment the criteria were evaluated at.', format: 'date-time' }) at: string;
  @ApiProperty({ type: () => OversightSiteDto, isArray: true, description: 'Sites meeting at least one criterion, by name.' }) sites: OversightSiteDto[];
}

/** PUT /api/v1/alarm-settings (admin). */
export class AlarmSettingsDto {
  @ApiProperty({ description: 'Open a ticket against the site when an alarm stays in error too long.', example: true }) @IsBoolean() autoTicket: boolean;
  @ApiProperty({ description: 'Hours an alarm stays in error before its ticket (Operations Portal: 24).', minimum: 1, maximum: 720, example: 24 }) @IsInt() @Min(1) @Max(720) ticketAfterHours: number;
  @ApiProperty({ description: 'UTC days (YYYY-MM-DD) that are not working days for escalation deadlines.', type: [String], example: ['2025-12-25', '2025-12-26'] })
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be days written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { each: true, message: 'holidays must be calendar days, e.g. 2025-12-25' })
  holidays: string[];
}

export class AlarmSettingsViewDto extends AlarmSettingsDto {}
