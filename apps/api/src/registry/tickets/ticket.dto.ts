import { ESCALATION_STEPS, type EscalationStep } from '@vigil/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsDateTime } from '../shared/date-time';
import { ListQuery } from '../shared/paging';
import { IsNameList, IsRegistryName, IsText } from '../shared/names';
import { ApiRevision, PageDto } from '../shared/openapi.dto';

const ID = { description: 'The ticket id.', example: '5d41402a-bc4b-4a76-b971-9d911017c592' };
const SITE = { description: 'Short name of the site the ticket is about.', example: 'INFN-T1' };
const SUBJECT = { description: 'Subject line (at most 300 characters).', example: 'SRM failing at INFN-T1' };
const DESCRIPTION = { description: 'What is wrong (at most 10000 characters).', example: 'org.sam.SRM-Put has been CRITICAL since 08:00.' };
const ALARMS = { description: 'Ids of the alarms masked under the ticket.', type: String, isArray: true, example: ['alarm-42'] };
const EXPIRES_AT = { description: 'When the ticket expires (ISO 8601 with a zone).', format: 'date-time', example: '2025-06-05T10:00:00Z' };
const STATUSES = ['open', 'closed'];

export class OpenTicketDto {
  /** Generated when absent. */
  @ApiPropertyOptional({ ...ID, description: 'The ticket id; generated (a UUID) when absent.' })
  @IsOptional()
  @IsRegistryName()
  id?: string;

  @ApiProperty(SITE)
  @IsRegistryName()
  site: string;

  @ApiProperty(SUBJECT)
  @IsText(300)
  subject: string;

  @ApiPropertyOptional({ ...DESCRIPTION, description: 'What is wrong (at most 10000 characters); empty unless given.' })
  @IsOptional()
  @IsText(10_000)
  description?: string;

  /** Ids of the alarms masked under the ticket. */
  @ApiPropertyOptional({ ...ALARMS, description: 'Ids of the alarms masked under the ticket; none unless given.' })
  @IsOptional()
  @IsNameList()
  alarms?: string[];

  /** Three days from now unless given. */
  @ApiPropertyOptional({ ...EXPIRES_AT, description: 'When the ticket expires (ISO 8601 with a zone); three days from now unless given.' })
  @IsOptional()
  @IsDateTime()
  expiresAt?: string;
}

export class CommentTicketDto {
  @ApiProperty({ description: 'The comment (at most 10000 characters).', example: 'Disk replaced, watching the probes.' })
  @IsText(10_000)
  text: string;

  /** Who writes; the API key's id unless given. */
  @ApiPropertyOptional({ description: "Who writes (at most 200 characters); the API key's id unless given.", example: 'Maria Rossi' })
  @IsOptional()
  @IsText(200)
  author?: string;
}

export class AssignTicketDto {
  @ApiProperty({ description: 'Who handles the ticket now (at most 200 characters).', example: 'INFN-T1 admins' })
  @IsText(200)
  assignee: string;
}

export class SetTicketExpiryDto {
  @ApiProperty({ ...EXPIRES_AT, description: 'The new expiry (ISO 8601 with a zone).' })
  @IsDateTime()
  expiresAt: string;
}

export class CloseTicketDto {
  @ApiProperty({ description: 'How the problem was solved (at most 10000 characters).', example: 'Firmware upgraded; SRM OK since 11:20.' })
  @IsText(10_000)
  resolution: string;
}

export class TicketListQuery extends ListQuery {
  @ApiPropertyOptional({ ...SITE, description: 'Only tickets of this site.' })
  @IsOptional()
  @IsRegistryName()
  site?: string;

  @ApiPropertyOptional({ description: 'Only open or only closed tickets.', enum: STATUSES })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class TicketCommentDto {
  @ApiProperty({ description: 'Who wrote it.', example: 'Maria Rossi' }) author: string;
  @ApiProperty({ description: 'The comment.', example: 'Disk replaced, watching the probes.' }) text: string;
  @ApiProperty({ description: 'When it was recorded.', format: 'date-time', example: '2025-06-02T11:00:00.000Z' }) at: string;
}

/** A ticket with its whole conversation, as GETs and writes answer it. */
export class TicketDto {
  @ApiProperty(ID) id: string;
  @ApiProperty(SITE) site: string;
  @ApiProperty(SUBJECT) subject: string;
  @ApiProperty(DESCRIPTION) description: string;
  @ApiProperty(ALARMS) alarms: string[];
  @ApiProperty({ description: 'open until closed.', enum: STATUSES, example: 'open' }) status: 'open' | 'closed';
  @ApiProperty({ description: 'The escalation step the ticket is at.', enum: ESCALATION_STEPS, example: 'FIRST' }) step: EscalationStep;
  @ApiProperty({ description: "End of the current step's working days.", format: 'date-time', example: '2025-06-04T17:00:00.000Z' }) deadline: string;
  @ApiProperty({ ...EXPIRES_AT, example: '2025-06-05T10:00:00.000Z' }) expiresAt: string;
  @ApiProperty({ description: 'Who handles it; null until assigned.', type: String, nullable: true, example: null }) assignee: string | null;
  @ApiProperty({ description: 'How it was solved; null while open.', type: String, nullable: true, example: null }) resolution: string | null;
  @ApiProperty({ description: 'When it was opened.', format: 'date-time', example: '2025-06-02T10:00:00.000Z' }) openedAt: string;
  @ApiProperty({ description: 'When it was closed; null while open.', type: String, format: 'date-time', nullable: true, example: null }) closedAt: string | null;
  @ApiProperty({ description: 'The conversation, oldest first.', type: () => TicketCommentDto, isArray: true }) comments: TicketCommentDto[];
  @ApiRevision() revision: number;
}

export class TicketPageDto extends PageDto(TicketDto) {}
