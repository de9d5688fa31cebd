import { IsIn, IsOptional } from 'class-validator';
import { IsDateTime } from '../shared/date-time';
import { ListQuery } from '../shared/paging';
import { IsNameList, IsRegistryName, IsText } from '../shared/names';

export class OpenTicketDto {
  /** Generated when absent. */
  @IsOptional()
  @IsRegistryName()
  id?: string;

  @IsRegistryName()
  site: string;

  @IsText(300)
  subject: string;

  @IsOptional()
  @IsText(10_000)
  description?: string;

  /** Ids of the alarms masked under the ticket. */
  @IsOptional()
  @IsNameList()
  alarms?: string[];

  /** Three days from now unless given. */
  @IsOptional()
  @IsDateTime()
  expiresAt?: string;
}

export class CommentTicketDto {
  @IsText(10_000)
  text: string;

  /** Who writes; the API key's id unless given. */
  @IsOptional()
  @IsText(200)
  author?: string;
}

export class AssignTicketDto {
  @IsText(200)
  assignee: string;
}

export class SetTicketExpiryDto {
  @IsDateTime()
  expiresAt: string;
}

export class CloseTicketDto {
  @IsText(10_000)
  resolution: string;
}

export class TicketListQuery extends ListQuery {
  @IsOptional()
  @IsRegistryName()
  site?: string;

  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}
