import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { DURATION_PATTERN, MAX_BURN_RATE_WINDOWS, STATUS_LEVELS, type StatusLevel } from '@vigil/domain';

const DURATION = (what: string, example: string) => ({ description: `${what}: a whole number of minutes, hours or days, e.g. ${example}.`, example, pattern: DURATION_PATTERN.source });
const IsDuration = () => Matches(DURATION_PATTERN, { message: '$property must be a whole number of minutes, hours or days, e.g. 5m, 6h or 30d' });

/** Strictly between 0 and 1: class-validator's Min/Max include their bounds. */
const IsOpenFraction = () =>
  ValidateBy({ name: 'isOpenFraction', validator: { validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1, defaultMessage: () => 'target must be a number strictly between 0 and 1 (0.8 = 80 %)' } });

const IsLabels = () =>
  ValidateBy({
    name: 'isLabels',
    validator: {
      validate: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length <= 50 && Object.entries(v).every(([k, x]) => /^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(k) && typeof x === 'string' && x.length <= 500),
      defaultMessage: () => 'labels must be an object of at most 50 name → string pairs (names like team or service_class)',
    },
  });

const LABELS = { description: 'Labels copied onto every burn-rate alert (Alertmanager-style).', type: 'object', additionalProperties: { type: 'string' }, example: { team: 'storage' } } as const;

export class BudgetMatchDto {
  @ApiProperty({ description: 'The status level of the items the budget covers.', enum: STATUS_LEVELS, example: 'group' })
  @IsIn(STATUS_LEVELS)
  level: StatusLevel;

  @ApiPropertyOptional({ description: 'Only items of this supergroup (NGI or project).', example: 'NGI_DE' })
  @IsOptional() @IsString() @Length(1, 200)
  supergroup?: string;

  @ApiPropertyOptional({ description: 'Only items of this endpoint group (site or service group).', example: 'FZK-LCG2' })
  @IsOptional() @IsString() @Length(1, 200)
  endpointGroup?: string;

  @ApiPropertyOptional({ description: 'Only items of this service type.', example: 'SRM' })
  @IsOptional() @IsString() @Length(1, 200)
  service?: string;

  @ApiPropertyOptional({ description: 'Only this hostname (case-insensitive).', example: 'srm.gridka.de' })
  @IsOptional() @IsString() @Length(1, 255)
  hostname?: string;

  @ApiPropertyOptional({ description: 'Only this metric (level metric only).', example: 'org.sam.SRM-Put' })
  @IsOptional() @IsString() @Length(1, 300)
  metric?: string;
}

export class BurnRateWindowDto {
  @ApiProperty({ description: 'page (urgent) or ticket: page alerts carry status CRITICAL, ticket alerts WARNING.', enum: ['page', 'ticket'], example: 'page' })
  @IsIn(['page', 'ticket'])
  severity: 'page' | 'ticket';

  @ApiProperty(DURATION('The long window', '1h'))
  @IsDuration()
  longWindow: string;

  @ApiProperty(DURATION('The short window (shorter than the long one)', '5m'))
  @IsDuration()
  shortWindow: string;

  @ApiProperty({ description: 'The alert fires while the burn rate exceeds this over both windows (1 = the budget lasts exactly the budget window).', example: 14.4 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.001) @Max(1_000_000)
  factor: number;
}

/** The whole definition of a budget (POST and PUT): fields left out take their defaults. */
export class ErrorBudgetBodyDto {
  @ApiProperty({ description: 'A name unique within the tenant (case-insensitive).', example: 'FZK-LCG2 availability' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'An alert rule whose items the budget covers (give this or match).', example: '0b7c7a3e-2f1e-4c39-9d55-6c1b1f0c1a10' })
  @IsOptional() @IsString() @Length(1, 100)
  ruleId?: string;

  @ApiPropertyOptional({ type: () => BudgetMatchDto, description: 'The items the budget covers, as an alert rule matches them (give this or ruleId).' })
  @IsOptional() @ValidateNested() @Type(() => BudgetMatchDto)
  match?: BudgetMatchDto;

  @ApiPropertyOptional({ description: "availability (ARGO: up / known time, DOWNTIME counts as not up) or reliability (DOWNTIME left out); availability by default.", enum: ['availability', 'reliability'], default: 'availability' })
  @IsOptional() @IsIn(['availability', 'reliability'])
  objective?: 'availability' | 'reliability';

  @ApiProperty({ description: 'The objective to meet, strictly between 0 and 1 (0.8 = 80 %).', example: 0.8 })
  @IsOpenFraction()
  target: number;

  @ApiPropertyOptional({ ...DURATION('The window the target holds over (1h to 400d)', '30d'), default: '30d' })
  @IsOptional() @IsDuration()
  window?: string;

  @ApiPropertyOptional({ type: () => BurnRateWindowDto, isArray: true, description: 'Multi-window burn-rate alerts; by default those of a 30-day SLO: page at 14.4 over 1h and 5m or 6 over 6h and 30m, ticket at 3 over 1d and 2h or 1 over 3d and 6h.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BURN_RATE_WINDOWS) @ValidateNested({ each: true }) @Type(() => BurnRateWindowDto)
  burnRateWindows?: BurnRateWindowDto[];

  @ApiPropertyOptional(LABELS)
  @IsOptional() @IsLabels()
  labels?: Record<string, string>;
}

export class BurnRateDto {
  @ApiProperty({ description: 'page or ticket.', enum: ['page', 'ticket'] })
  severity: string;

  @ApiProperty({ description: 'The long window, e.g. 1h.' })
  longWindow: string;

  @ApiProperty({ description: 'The short window, e.g. 5m.' })
  shortWindow: string;

  @ApiProperty({ description: 'The factor both burn rates must exceed.' })
  factor: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Error rate over the long window divided by the allowed one (1 - target); null when nothing was known in it.' })
  longBurnRate: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The same over the short window.' })
  shortBurnRate: number | null;

  @ApiProperty({ description: 'Whether this pair\'s burn-rate alert is firing.' })
  firing: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The firing alert (as in GET /api/v1/alerts), or null.' })
  alertId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the firing alert was raised, or null.' })
  since: string | null;
}

export class ErrorBudgetDto {
  @ApiProperty({ description: 'The budget id.' })
  id: string;

  @ApiProperty({ description: 'Its name.' })
  name: string;

  @ApiProperty({ type: String, nullable: true, description: 'The alert rule whose items it covers, or null.' })
  ruleId: string | null;

  @ApiProperty({ type: () => BudgetMatchDto, nullable: true, description: 'The items it covers when no rule is named (keys left out match anything).' })
  match: BudgetMatchDto | null;

  @ApiProperty({ description: 'availability or reliability.', enum: ['availability', 'reliability'] })
  objective: string;

  @ApiProperty({ description: 'The objective, e.g. 0.8.' })
  target: number;

  @ApiProperty({ description: 'The window the target holds over, e.g. 30d.' })
  window: string;

  @ApiProperty(LABELS)
  labels: Record<string, string>;

  @ApiProperty({ type: Number, nullable: true, description: 'Good time over valid time in the window (0..1); null until something is known.' })
  availability: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Share of the error budget spent over the window: (1 - availability) / (1 - target); above 1 when overspent.' })
  consumed: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Share of the error budget left: 1 - consumed (negative when overspent).' })
  remaining: number | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the figures were computed (the last clock tick); null before the first.' })
  evaluatedAt: string | null;

  @ApiProperty({ type: () => BurnRateDto, isArray: true, description: 'Each burn-rate window pair with its current burn rates.' })
  burnRates: BurnRateDto[];

  @ApiProperty({ type: () => BurnRateDto, isArray: true, description: 'The pairs whose alert is firing now.' })
  firingAlerts: BurnRateDto[];
}

export class ErrorBudgetListDto {
  @ApiProperty({ type: () => ErrorBudgetDto, isArray: true, description: 'Every error budget of the tenant, by name.' })
  items: ErrorBudgetDto[];
}
