import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentPrincipal, CurrentTenant, RequireRole, type Principal } from '@vigil/http';
import { randomUUID } from 'node:crypto';
import { toEpoch, toEpochOrUndefined } from '../shared/date-time';
import { ExpectedRevision } from '../shared/if-match.decorator';
import { RegistryViews } from '../shared/registry-views.service';
import { RevisionEtagInterceptor } from '../shared/revision-etag.interceptor';
import { ticketIndex } from './ticket.index';
import { TicketWrite } from './ticket-write.command';
import { AssignTicketDto, CloseTicketDto, CommentTicketDto, OpenTicketDto, SetTicketExpiryDto, TicketListQuery } from './ticket.dto';

@Controller('api/v1/tickets')
@UseInterceptors(RevisionEtagInterceptor)
export class TicketsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: RegistryViews,
  ) {}

  @Get()
  async list(@CurrentTenant() tenant: string, @Query() query: TicketListQuery) {
    const { site, status } = query;
    return (await this.views.index(tenant, ticketIndex)).list(query, (t) => !!t && (!site || t.site === site) && (!status || t.status === status));
  }

  @Get(':id')
  async get(@CurrentTenant() tenant: string, @Param('id') id: string) {
    return (await this.views.index(tenant, ticketIndex)).get(id);
  }

  @Post()
  @RequireRole('operator')
  open(@CurrentTenant() tenant: string, @Body() dto: OpenTicketDto) {
    const { id = randomUUID(), expiresAt, ...rest } = dto;
    return this.commands.execute(new TicketWrite(tenant, { type: 'OpenTicket', ...rest, id, expiresAt: toEpochOrUndefined(expiresAt) }));
  }

  @Post(':id/comments')
  @RequireRole('operator')
  comment(@CurrentTenant() tenant: string, @CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CommentTicketDto) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'CommentTicket', id, text: dto.text, author: dto.author ?? principal.keyId }));
  }

  @Put(':id/assignee')
  @RequireRole('operator')
  assign(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: AssignTicketDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'AssignTicket', id, assignee: dto.assignee }, revision));
  }

  /** Moves the ticket to its next escalation step, with that step's deadline. */
  @Post(':id/escalate')
  @HttpCode(200)
  @RequireRole('operator')
  escalate(@CurrentTenant() tenant: string, @Param('id') id: string, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'EscalateTicket', id }, revision));
  }

  @Put(':id/expiry')
  @RequireRole('operator')
  setExpiry(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: SetTicketExpiryDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'SetTicketExpiry', id, expiresAt: toEpoch(dto.expiresAt) }, revision));
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequireRole('operator')
  close(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: CloseTicketDto, @ExpectedRevision() revision?: number) {
    return this.commands.execute(new TicketWrite(tenant, { type: 'CloseTicket', id, resolution: dto.resolution }, revision));
  }
}
