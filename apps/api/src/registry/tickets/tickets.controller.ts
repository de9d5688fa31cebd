import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, CurrentTenant, RequireRole, type Principal } from '@vigil/http';
import { randomUUID } from 'node:crypto';
import { toEpoch, toEpochOrUndefined } from '../shared/date-time';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { ApiConditionalWrite, ApiName, ApiNotFound, ApiRuleConflict } from '../shared/openapi.dto';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { ticketIndex } from './ticket.index';
import { TicketWrite } from './ticket-write.command';
import { AssignTicketDto, CloseTicketDto, CommentTicketDto, OpenTicketDto, SetTicketExpiryDto, TicketDto, TicketListQuery, TicketPageDto } from './ticket.dto';

const ApiTicketId = () => ApiName('id', 'The ticket id.', '5d41402a-bc4b-4a76-b971-9d911017c592');

@ApiTags('registry: tickets')
@Controller('api/v1/tickets')
@UseInterceptors(RevisionEtagInterceptor)
export class TicketsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Tickets by id, filtered by site or status, one page at a time' })
  @ApiOkResponse({ type: TicketPageDto, description: 'One page; nextCursor leads to the next.' })
  async list(@CurrentTenant() tenant: string, @Query() query: TicketListQuery) {
    const { site, status } = query;
    return (await this.views.index(tenant, ticketIndex)).list(query, (t) => !!t && (!site || t.site === site) && (!status || t.status === status));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ticket, with its conversation' })
  @ApiTicketId()
  @ApiOkResponse({ type: TicketDto, description: 'The ticket; its revision is also the ETag.' })
  @ApiNotFound('ticket')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    return (await this.views.index(tenant, ticketIndex)).get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Opens a ticket about a site (operator)' })
  @ApiCreatedResponse({ type: TicketDto, description: 'The opened ticket, at its first escalation step.' })
  @ApiRuleConflict()
  @RequireRole('operator')
  open(@CurrentTenant() tenant: string, @Body() dto: OpenTicketDto) {
    const { id = randomUUID(), expiresAt, ...rest } = dto;
    return this.commands.execute(new TicketWrite(tenant, { type: 'OpenTicket', ...rest, id, expiresAt: toEpochOrUndefined(expiresAt) }));
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Adds a comment to a ticket (operator)' })
  @ApiTicketId()
  @ApiCreatedResponse({ type: TicketDto, description: 'The ticket with the comment.' })
  @ApiNotFound('ticket')
  @ApiRuleConflict()
  @RequireRole('operator')
  comment(@CurrentTenant() tenant: string, @CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CommentTicketDto) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'CommentTicket', id, text: dto.text, author: dto.author ?? principal.keyId }));
  }

  @Put(':id/assignee')
  @ApiOperation({ summary: 'Assigns a ticket (operator)' })
  @ApiTicketId()
  @ApiOkResponse({ type: TicketDto, description: 'The ticket with its assignee.' })
  @ApiConditionalWrite('ticket')
  @RequireRole('operator')
  assign(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: AssignTicketDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'AssignTicket', id, assignee: dto.assignee }, revision));
  }

  /** Moves the ticket to its next escalation step, with that step's deadline. */
  @Post(':id/escalate')
  @ApiOperation({ summary: 'Moves a ticket to its next escalation step (operator)' })
  @ApiTicketId()
  @ApiOkResponse({ type: TicketDto, description: "The ticket at its new step, with that step's deadline." })
  @ApiConditionalWrite('ticket')
  @HttpCode(200)
  @RequireRole('operator')
  escalate(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'EscalateTicket', id }, revision));
  }

  @Put(':id/expiry')
  @ApiOperation({ summary: 'Sets when a ticket expires (operator)' })
  @ApiTicketId()
  @ApiOkResponse({ type: TicketDto, description: 'The ticket with its new expiry.' })
  @ApiConditionalWrite('ticket')
  @RequireRole('operator')
  setExpiry(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: SetTicketExpiryDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'SetTicketExpiry', id, expiresAt: toEpoch(dto.expiresAt) }, revision));
  }

  @Post(':id/close')
  @ApiOperation({ summary: 'Closes a ticket with its resolution (operator)' })
  @ApiTicketId()
  @ApiOkResponse({ type: TicketDto, description: 'The closed ticket.' })
  @ApiConditionalWrite('ticket')
  @HttpCode(200)
  @RequireRole('operator')
  close(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: CloseTicketDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'CloseTicket', id, resolution: dto.resolution }, revision));
  }
}
