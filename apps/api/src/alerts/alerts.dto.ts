import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Length, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { PROBLEM_STATUSES, STATUS_LEVELS, WEBHOOK_EVENT_TYPES, type StatusLevel } from '@vigil/domain';

/** Labels: a flat object of short strings (Alertmanager-style). */
const IsLabels = () =>
  ValidateBy({
    name: 'isLabels',
    validator: {
      validate: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length <= 50 && Object.entries(v).every(([k, x]) => /^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(k) && typeof x === 'string' && x.length <= 500),
      defaultMessage: () => 'labels must be an object of at most 50 name → string pairs (names like team or severity_class)',
    },
  });

export class AlertMatchDto {
  @IsIn(STATUS_LEVELS)
  level: StatusLevel;

  /** NGI (or project) */
  @IsOptional() @IsString() @Length(1, 200)
  supergroup?: string;

  /** Site (or service group) */
  @IsOptional() @IsString() @Length(1, 200)
  endpointGroup?: string;

  /** Service type */
  @IsOptional() @IsString() @Length(1, 200)
  service?: string;

  @IsOptional() @IsString() @Length(1, 255)
  hostname?: string;

  @IsOptional() @IsString() @Length(1, 300)
  metric?: string;
}

class AlertRuleFieldsDto {
  @IsOptional() @IsInt() @Min(1) @Max(100)
  maxCheckAttempts?: number;

  /** Minutes between re-notifications while the problem lasts (0: never); 30 by default. */
  @IsOptional() @IsInt() @Min(0) @Max(525_600)
  notificationIntervalMinutes?: number;

  @IsOptional() @IsNumber() @Min(0) @Max(100)
  flapLowThreshold?: number;

  @IsOptional() @IsNumber() @Min(0) @Max(100)
  flapHighThreshold?: number;

  @IsOptional() @IsBoolean()
  sendResolved?: boolean;

  @IsOptional() @IsLabels()
  labels?: Record<string, string>;
}

export class CreateAlertRuleDto extends AlertRuleFieldsDto {
  @IsString() @Length(1, 200)
  name: string;

  @ValidateNested() @Type(() => AlertMatchDto)
  match: AlertMatchDto;

  @IsArray() @ArrayMinSize(1) @IsIn(PROBLEM_STATUSES, { each: true })
  statuses: string[];
}

export class UpdateAlertRuleDto extends AlertRuleFieldsDto {
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @IsOptional() @ValidateNested() @Type(() => AlertMatchDto)
  match?: AlertMatchDto;

  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(PROBLEM_STATUSES, { each: true })
  statuses?: string[];
}

export class WebhookFilterDto {
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true })
  ruleIds?: string[];

  @IsOptional() @IsArray() @IsIn(STATUS_LEVELS, { each: true })
  levels?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  supergroups?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  endpointGroups?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  services?: string[];
}

export class CreateWebhookDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url: string;

  @IsArray() @ArrayMinSize(1) @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: string[];

  @IsOptional() @ValidateNested() @Type(() => WebhookFilterDto)
  filter?: WebhookFilterDto;

  /** `standard` ({ type, timestamp, data }) or `alertmanager` (Alertmanager's webhook body). */
  @IsOptional() @IsIn(['standard', 'alertmanager'])
  format?: 'standard' | 'alertmanager';
}

export class UpdateWebhookDto {
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url?: string;

  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @IsOptional() @ValidateNested() @Type(() => WebhookFilterDto)
  filter?: WebhookFilterDto;

  @IsOptional() @IsIn(['standard', 'alertmanager'])
  format?: 'standard' | 'alertmanager';

  /** true re-enables a subscription disabled after a 410. */
  @IsOptional() @IsBoolean()
  enabled?: boolean;
}
