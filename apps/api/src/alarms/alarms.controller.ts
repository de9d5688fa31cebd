import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { HOUR, NotFound, type AlarmSettings } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { AlarmSettingsStore } from './alarm-settings.service';
import { AlarmsReader } from './alarms-reader.service';
import { AlarmDetailDto, AlarmListQuery, AlarmPageDto, AlarmSettingsDto, AlarmSettingsViewDto, OversightDto, OversightQuery } from './alarms.dto';

const PROBLEM = { $ref: '#/components/schemas/Problem' };
const view = (s: AlarmSettings): AlarmSettingsViewDto => ({ autoTicket: s.autoTicket, ticketAfterHours: s.ticketAfter / HOUR, holidays: s.holidays });

@ApiTags('operations: alarms and oversight')
@Controller('api/v1')
export class AlarmsController {
  constructor(
    private readonly reader: AlarmsReader,
    private readonly settings: AlarmSettingsStore,
  ) {}

  @Get('alarms')
  @ApiOperation({ summary: 'Operations Portal alarms (one per failure of a monitored production endpoint), newest first, one page at a time' })
  @ApiOkResponse({ type: AlarmPageDto, description: 'One page; nextCursor leads to the next.' })
  @ApiBadRequestResponse({ description: 'A filter or the cursor is not valid (errors names the field).', schema: PROBLEM })
  list(@CurrentTenant() tenant: string, @Query() query: AlarmListQuery): Promise<AlarmPageDto> {
    return this.reader.list(tenant, query);
  }

  @Get('alarms/:alarmId')
  @ApiOperation({ summary: 'One alarm, with what happened to it (raised, masked under a ticket, cleared)' })
  @ApiParam({ name: 'alarmId', description: 'The alarm id.', example: '1f0e5b4c-5a1d-5e2f-8c3b-9d4e5f6a7b8c' })
  @ApiOkResponse({ type: AlarmDetailDto, description: 'The alarm and its history.' })
  @ApiNotFoundResponse({ description: 'No such alarm (for this tenant).', schema: PROBLEM })
  async get(@CurrentTenant() tenant: string, @Param('alarmId') alarmId: string): Promise<AlarmDetailDto> {
    const alarm = await this.reader.get(tenant, alarmId);
    if (!alarm) throw new NotFound('alarm', alarmId);
    return alarm;
  }

  @Get('oversight')
  @ApiOperation({
    summary: 'Sites needing oversight',
    description: 'Sites with open alarms older than 72 h, open tickets unsolved for a month or expired for 3 days, or downtimes (not yet over) longer than a month.',
  })
  @ApiOkResponse({ type: OversightDto, description: 'The sites meeting at least one criterion, and which.' })
  oversight(@CurrentTenant() tenant: string, @Query() query: OversightQuery): Promise<OversightDto> {
    return this.reader.oversight(tenant, query.ngi, Date.now());
  }

  @Get('alarm-settings')
  @ApiOperation({ summary: "The tenant's automatic-ticket and escalation settings" })
  @ApiOkResponse({ type: AlarmSettingsViewDto, description: 'The settings in force (defaults until set).' })
  async getSettings(@CurrentTenant() tenant: string): Promise<AlarmSettingsViewDto> {
    return view(await this.settings.get(tenant));
  }

  @Put('alarm-settings')
  @ApiOperation({ summary: 'Sets automatic tickets, their delay and the holidays escalation skips (admin)', description: 'Effective for alarms and tickets from this change on; recorded as an AlarmSettingsSet event.' })
  @ApiOkResponse({ type: AlarmSettingsViewDto, description: 'The settings now in force.' })
  @ApiBadRequestResponse({ description: 'A field is missing or not valid (errors names it).', schema: PROBLEM })
  @RequireRole('admin')
  async putSettings(@CurrentTenant() tenant: string, @Body() dto: AlarmSettingsDto): Promise<AlarmSettingsViewDto> {
    return view(await this.settings.set(tenant, { autoTicket: dto.autoTicket, ticketAfter: dto.ticketAfterHours * HOUR, holidays: dto.holidays }));
  }
}
