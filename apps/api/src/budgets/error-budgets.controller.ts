import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { NotFound, parseDuration, type ErrorBudgetInput } from '@vigil/domain';
import { CurrentTenant, RequireRole } from '@vigil/http';
import { CLICKHOUSE } from '@vigil/platform';
import type { ClickHouse } from '@vigil/read-models';
import { budgetView, loadFigures } from './error-budget-figures';
import { ErrorBudgetWrites } from './error-budget-writes.service';
import { ErrorBudgetBodyDto, ErrorBudgetDto, ErrorBudgetListDto } from './error-budget.dto';

const PROBLEM = { $ref: '#/components/schemas/Problem' };
const ApiBudgetId = () => ApiParam({ name: 'id', description: 'The error budget id.', example: '3f0c9c1e-6a43-4a4b-9a51-0e2f3d1b7c55' });
const ApiBudgetNotFound = () => ApiNotFoundResponse({ description: 'No such error budget (for this tenant).', schema: PROBLEM });
const ApiBudgetConflict = () => ApiConflictResponse({ description: 'A budget rule refuses it (`code` and `errors[].field` say which): name taken, unknown rule, ruleId and match both or neither, windows that do not fit.', schema: PROBLEM });

/** DTO (durations as text) to the domain's input (ms). The DTO has checked the formats. */
const inputOf = (dto: ErrorBudgetBodyDto): ErrorBudgetInput => ({
  ...dto,
  window: dto.window === undefined ? undefined : parseDuration(dto.window),
  burnRateWindows: dto.burnRateWindows?.map((w) => ({ severity: w.severity, factor: w.factor, longWindow: parseDuration(w.longWindow)!, shortWindow: parseDuration(w.shortWindow)! })),
});

@ApiTags('alerting: error budgets')
@Controller('api/v1/error-budgets')
export class ErrorBudgetsController {
  constructor(
    private readonly writes: ErrorBudgetWrites,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Error budgets (SLOs) with their remaining budget and burn rates' })
  @ApiOkResponse({ type: ErrorBudgetListDto, description: 'Every budget of the tenant, by name.' })
  async list(@CurrentTenant() tenant: string): Promise<ErrorBudgetListDto> {
    const [budgets, figures] = await Promise.all([this.writes.budgets(tenant), loadFigures(this.clickhouse, tenant)]);
    return { items: [...budgets.values()].sort((a, b) => a.name.localeCompare(b.name)).map((b) => budgetView(b, figures.get(b.id))) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One error budget: target, window, consumed and remaining budget, burn rates per window, firing alerts' })
  @ApiBudgetId()
  @ApiOkResponse({ type: ErrorBudgetDto, description: 'The budget and its figures as of the last clock tick.' })
  @ApiBudgetNotFound()
  async get(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<ErrorBudgetDto> {
    return this.view(tenant, id);
  }

  @Post()
  @ApiOperation({ summary: 'Creates an error budget (operator)' })
  @ApiCreatedResponse({ type: ErrorBudgetDto, description: 'The budget; its figures follow with the next clock tick.' })
  @ApiBudgetConflict()
  @RequireRole('operator')
  async create(@CurrentTenant() tenant: string, @Body() dto: ErrorBudgetBodyDto): Promise<ErrorBudgetDto> {
    const id = randomUUID();
    await this.writes.run(tenant, { type: 'CreateErrorBudget', id, budget: inputOf(dto) });
    return this.view(tenant, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replaces an error budget\'s definition (operator); fields left out take their defaults' })
  @ApiBudgetId()
  @ApiOkResponse({ type: ErrorBudgetDto, description: 'The budget as replaced.' })
  @ApiBudgetNotFound()
  @ApiBudgetConflict()
  @RequireRole('operator')
  async replace(@CurrentTenant() tenant: string, @Param('id') id: string, @Body() dto: ErrorBudgetBodyDto): Promise<ErrorBudgetDto> {
    await this.writes.run(tenant, { type: 'ReplaceErrorBudget', id, budget: inputOf(dto) });
    return this.view(tenant, id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Removes an error budget (operator); its firing burn-rate alerts resolve' })
  @ApiBudgetId()
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiBudgetNotFound()
  @HttpCode(204)
  @RequireRole('operator')
  async remove(@CurrentTenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.writes.run(tenant, { type: 'RemoveErrorBudget', id });
  }

  private async view(tenant: string, id: string): Promise<ErrorBudgetDto> {
    const budget = (await this.writes.budgets(tenant)).get(id);
    if (!budget) throw new NotFound('error budget', id);
    return budgetView(budget, (await loadFigures(this.clickhouse, tenant, id)).get(id));
  }
}
