import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { PROBLEM_STATUSES, STATUS_LEVELS, WEBHOOK_EVENT_TYPES, type StatusLevel } from '@vigil/domain';
import { IsDateTime } from '../registry/shared/date-time';
import { IsDuration } from './duration';

/** Labels: a flat object of short strings (Alertmanager-style). */
const IsLabels = () =>
  ValidateBy({
    name: 'isLabels',
    validator: {
      validate: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length <= 50 && Object.entries(v).every(([k, x]) => /^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(k) && typeof x === 'string' && x.length <= 500),
      defaultMessage: () => 'labels must be an object of at most 50 name → string pairs (names like team or severity_class)',
    },
  });

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABELS = { type: 'object', additionalProperties: { type: 'string' }, example: { team: 'storage' } } as const;
const FORMATS = ['standard', 'alertmanager'] as const;

export class AlertMatchDto {
  @ApiProperty({ description: 'The status level the rule watches.', enum: STATUS_LEVELS, example: 'endpoint' })
  @IsIn(STATUS_LEVELS)
  level: StatusLevel;

  @ApiPropertyOptional({ description: 'Only items of this supergroup (NGI or project); any when absent.', example: 'NGI_DE' })
  @IsOptional() @IsString() @Length(1, 200)
  supergroup?: string;

  @ApiPropertyOptional({ description: 'Only items of this endpoint group (site or service group); any when absent.', example: 'FZK-LCG2' })
  @IsOptional() @IsString() @Length(1, 200)
  endpointGroup?: string;

  @ApiPropertyOptional({ description: 'Only items of this service type; any when absent.', example: 'SRM' })
  @IsOptional() @IsString() @Length(1, 200)
  service?: string;

  @ApiPropertyOptional({ description: 'Only items of this hostname; any when absent.', example: 'srm.gridka.de' })
  @IsOptional() @IsString() @Length(1, 255)
  hostname?: string;

  @ApiPropertyOptional({ description: 'Only this metric (level metric only); any when absent.', example: 'org.sam.SRM-Put' })
  @IsOptional() @IsString() @Length(1, 300)
  metric?: string;
}

class AlertRuleFieldsDto {
  @ApiPropertyOptional({ description: 'Consecutive non-OK checks before a problem is HARD and notified (Nagios max_check_attempts); 1 by default.', minimum: 1, maximum: 100, example: 3 })
  @IsOptional() @IsInt() @Min(1) @Max(100)
  maxCheckAttempts?: number;

  @ApiPropertyOptional({ description: 'Minutes between re-notifications while the problem lasts (0: never); 30 by default.', minimum: 0, example: 30 })
  @IsOptional() @IsInt() @Min(0) @Max(525_600)
  notificationIntervalMinutes?: number;

  @ApiPropertyOptional({ description: 'Flapping stops at or below this percent state change; 20 by default.', minimum: 0, maximum: 100, example: 20 })
  @IsOptional() @IsNumber() @Min(0) @Max(100)
  flapLowThreshold?: number;

  @ApiPropertyOptional({ description: 'Flapping starts at or above this percent state change; 30 by default.', minimum: 0, maximum: 100, example: 30 })
  @IsOptional() @IsNumber() @Min(0) @Max(100)
  flapHighThreshold?: number;

  @ApiPropertyOptional({ description: 'Whether recoveries are delivered; true by default.', example: true })
  @IsOptional() @IsBoolean()
  sendResolved?: boolean;

  @ApiPropertyOptional({ ...LABELS, description: 'Labels every alert of the rule carries (at most 50; names like team).' })
  @IsOptional() @IsLabels()
  labels?: Record<string, string>;
}

export class CreateAlertRuleDto extends AlertRuleFieldsDto {
  @ApiProperty({ description: 'Unique name of the rule (the alertname label).', example: 'critical SRMs' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ type: AlertMatchDto, description: 'Which items the rule watches.' })
  @ValidateNested() @Type(() => AlertMatchDto)
  match: AlertMatchDto;

  @ApiProperty({ description: 'Problem statuses the rule alerts on.', enum: PROBLEM_STATUSES, isArray: true, example: ['CRITICAL'] })
  @IsArray() @ArrayMinSize(1) @IsIn(PROBLEM_STATUSES, { each: true })
  statuses: string[];
}

export class UpdateAlertRuleDto extends AlertRuleFieldsDto {
  @ApiPropertyOptional({ description: 'New unique name.', example: 'critical SRMs' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: AlertMatchDto, description: 'Fields of the match to change.' })
  @IsOptional() @ValidateNested() @Type(() => AlertMatchDto)
  match?: AlertMatchDto;

  @ApiPropertyOptional({ description: 'New problem statuses.', enum: PROBLEM_STATUSES, isArray: true, example: ['CRITICAL', 'WARNING'] })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(PROBLEM_STATUSES, { each: true })
  statuses?: string[];
}

export class AlertMatchViewDto {
  @ApiProperty({ description: 'The status level the rule watches.', enum: STATUS_LEVELS })
  level: string;

  @ApiProperty({ type: String, nullable: true, description: 'Supergroup the items must have (null: any).' })
  supergroup: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Endpoint group the items must have (null: any).' })
  endpointGroup: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Service type the items must have (null: any).' })
  service: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Hostname the items must have (null: any).' })
  hostname: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Metric the items must have (null: any).' })
  metric: string | null;
}

export class AlertRuleDto {
  @ApiProperty({ description: 'The rule id.', example: '0b7d3c1e-2f4a-4c8e-9a51-7d2e3f4a5b6c' })
  id: string;

  @ApiProperty({ description: 'Unique name (the alertname label).' })
  name: string;

  @ApiProperty({ type: AlertMatchViewDto, description: 'Which items the rule watches.' })
  match: AlertMatchViewDto;

  @ApiProperty({ description: 'Problem statuses the rule alerts on.', type: String, isArray: true })
  statuses: string[];

  @ApiProperty({ description: 'Consecutive non-OK checks before a problem is HARD.' })
  maxCheckAttempts: number;

  @ApiProperty({ description: 'Minutes between re-notifications (0: never).' })
  notificationIntervalMinutes: number;

  @ApiProperty({ description: 'Flapping stops at or below this percent.' })
  flapLowThreshold: number;

  @ApiProperty({ description: 'Flapping starts at or above this percent.' })
  flapHighThreshold: number;

  @ApiProperty({ description: 'Whether recoveries are delivered.' })
  sendResolved: boolean;

  @ApiProperty({ ...LABELS, description: 'Labels every alert of the rule carries.' })
  labels: Record<string, string>;
}

export class AlertRuleListDto {
  @ApiProperty({ type: AlertRuleDto, isArray: true, description: "The tenant's alert rules." })
  items: AlertRuleDto[];
}

export class AlertListQuery {
  @ApiPropertyOptional({ description: 'Only alerts in this state; all when absent.', enum: ['firing', 'resolved'] })
  @IsOptional() @IsIn(['firing', 'resolved'])
  state?: 'firing' | 'resolved';
}

export class AlertDto {
  @ApiProperty({ description: 'The alert id (the same on its raise, re-notifications and resolution).' })
  alertId: string;

  @ApiProperty({ description: 'The rule that raised it.' })
  ruleId: string;

  @ApiProperty({ description: 'firing or resolved.', enum: ['firing', 'resolved'] })
  state: string;

  @ApiProperty({ description: 'The latest notification kind.', enum: ['PROBLEM', 'RENOTIFY', 'FLAPPINGSTART', 'FLAPPINGSTOP', 'RESOLVED'] })
  kind: string;

  @ApiProperty({ description: 'Status level of the item.' })
  level: string;

  @ApiProperty({ description: 'Supergroup (NGI or project) of the item.' })
  supergroup: string;

  @ApiProperty({ description: 'Endpoint group (site or service group) of the item.' })
  endpointGroup: string;

  @ApiProperty({ description: 'Service type of the item (empty above service level).' })
  service: string;

  @ApiProperty({ description: 'Hostname of the item (empty above endpoint level).' })
  hostname: string;

  @ApiProperty({ description: 'Metric of the item (empty above metric level).' })
  metric: string;

  @ApiProperty({ description: 'The latest status.' })
  status: string;

  @ApiProperty({ description: 'When the problem began.', format: 'date-time' })
  since: string;

  @ApiProperty({ description: 'When the alert last changed.', format: 'date-time' })
  updatedAt: string;
}

export class AlertListDto {
  @ApiProperty({ type: AlertDto, isArray: true, description: 'The current alert set, newest change first (at most 1000).' })
  items: AlertDto[];
}

export class WebhookFilterDto {
  @ApiPropertyOptional({ description: 'Only alerts of these rules (ids); any when empty.', type: String, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true })
  ruleIds?: string[];

  @ApiPropertyOptional({ description: 'Only alerts of these levels; any when empty.', enum: STATUS_LEVELS, isArray: true })
  @IsOptional() @IsArray() @IsIn(STATUS_LEVELS, { each: true })
  levels?: string[];

  @ApiPropertyOptional({ description: 'Only alerts of these supergroups; any when empty.', type: String, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  supergroups?: string[];

  @ApiPropertyOptional({ description: 'Only alerts of these endpoint groups; any when empty.', type: String, isArray: true, example: ['FZK-LCG2'] })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  endpointGroups?: string[];

  @ApiPropertyOptional({ description: 'Only alerts of these service types; any when empty.', type: String, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  services?: string[];
}

const GROUP_BY = 'Alertmanager grouping, opt-in: alerts with the same values of these labels are delivered together, one notification per group (`...`: every label): a Standard body of type `alert.group` with `data.alerts[]`, or the Alertmanager body with groupKey, groupLabels, commonLabels and alerts[]. Labels: alertname, tenant, level, severity, status, supergroup, endpoint_group, service, hostname, metric and the rule\'s labels. Without it every alert is delivered at once; an empty list turns grouping off.';
const GROUP_WAIT = 'How long a new group waits before its first notification (Alertmanager group_wait; 30s by default). Timers run on the minute clock: a wait ends at the first minute tick after it.';
const GROUP_INTERVAL = 'How long to wait before notifying about changes of a group already notified (group_interval; 5m by default).';
const REPEAT_INTERVAL = 'How long to wait before re-sending an unchanged, still firing group (repeat_interval; 4h by default).';

class WebhookGroupingFieldsDto {
  @ApiPropertyOptional({ description: GROUP_BY, type: String, isArray: true, example: ['alertname', 'endpoint_group'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(/^([A-Za-z_][A-Za-z0-9_]*|\.\.\.)$/, { each: true, message: 'each groupBy entry must be a label name or ...' })
  groupBy?: string[];

  @ApiPropertyOptional({ description: GROUP_WAIT, example: '30s' })
  @IsOptional() @IsDuration()
  groupWait?: string;

  @ApiPropertyOptional({ description: GROUP_INTERVAL, example: '5m' })
  @IsOptional() @IsDuration()
  groupInterval?: string;

  @ApiPropertyOptional({ description: REPEAT_INTERVAL, example: '4h' })
  @IsOptional() @IsDuration()
  repeatInterval?: string;
}

export class CreateWebhookDto extends WebhookGroupingFieldsDto {
  @ApiProperty({ description: 'Where deliveries are POSTed (http or https; private addresses only when allow-listed).', example: 'https://hooks.example.org/vigil' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url: string;

  @ApiProperty({ description: 'The alert events to deliver.', enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['alert.raised', 'alert.resolved'] })
  @IsArray() @ArrayMinSize(1) @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: string[];

  @ApiPropertyOptional({ type: WebhookFilterDto, description: 'Which alerts to deliver; every alert when absent.' })
  @IsOptional() @ValidateNested() @Type(() => WebhookFilterDto)
  filter?: WebhookFilterDto;

  @ApiPropertyOptional({ description: '`standard` ({ type, timestamp, data }) or `alertmanager` (Alertmanager\'s webhook body, for existing receivers); standard by default.', enum: FORMATS })
  @IsOptional() @IsIn(FORMATS)
  format?: 'standard' | 'alertmanager';
}

export class UpdateWebhookDto extends WebhookGroupingFieldsDto {
  @ApiPropertyOptional({ description: 'New target URL.', example: 'https://hooks.example.org/vigil' })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url?: string;

  @ApiPropertyOptional({ description: 'New event types.', enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: WebhookFilterDto, description: 'New filter (replaces the old one).' })
  @IsOptional() @ValidateNested() @Type(() => WebhookFilterDto)
  filter?: WebhookFilterDto;

  @ApiPropertyOptional({ description: 'New payload format.', enum: FORMATS })
  @IsOptional() @IsIn(FORMATS)
  format?: 'standard' | 'alertmanager';

  @ApiPropertyOptional({ description: 'true re-enables a subscription disabled after a 410.' })
  @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export class WebhookFilterViewDto {
  @ApiProperty({ description: 'Rule ids (any when empty).', type: String, isArray: true })
  ruleIds: string[];

  @ApiProperty({ description: 'Levels (any when empty).', type: String, isArray: true })
  levels: string[];

  @ApiProperty({ description: 'Supergroups (any when empty).', type: String, isArray: true })
  supergroups: string[];

  @ApiProperty({ description: 'Endpoint groups (any when empty).', type: String, isArray: true })
  endpointGroups: string[];

  @ApiProperty({ description: 'Service types (any when empty).', type: String, isArray: true })
  services: string[];
}

export class WebhookDto {
  @ApiProperty({ description: 'The subscription id.' })
  id: string;

  @ApiProperty({ description: 'Target URL.' })
  url: string;

  @ApiProperty({ description: 'Delivered event types.', type: String, isArray: true })
  eventTypes: string[];

  @ApiProperty({ type: WebhookFilterViewDto, description: 'Which alerts are delivered.' })
  filter: WebhookFilterViewDto;

  @ApiProperty({ description: 'Payload format.', enum: FORMATS })
  format: string;

  @ApiProperty({ description: 'false once the receiver answered 410 (or an operator disabled it).' })
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Why deliveries stopped, when disabled.' })
  disabledReason: string | null;

  @ApiProperty({ description: 'Grouping labels (empty: each alert at once).', type: String, isArray: true })
  groupBy: string[];

  @ApiProperty({ type: String, nullable: true, description: 'group_wait (null without grouping).', example: '30s' })
  groupWait: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'group_interval (null without grouping).', example: '5m' })
  groupInterval: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'repeat_interval (null without grouping).', example: '4h' })
  repeatInterval: string | null;
}

export class WebhookCreatedDto extends WebhookDto {
  @ApiProperty({ description: 'The signing secret (whsec_…), shown this once only.' })
  secret: string;
}

export class WebhookListDto {
  @ApiProperty({ type: WebhookDto, isArray: true, description: "The tenant's subscriptions (without secrets)." })
  items: WebhookDto[];
}

export class DeadLetterDto {
  @ApiProperty({ description: 'Dead-letter id (pass it to redeliver).' })
  id: number;

  @ApiProperty({ description: 'The subscription it was for.' })
  subscriptionId: string;

  @ApiProperty({ description: 'The webhook-id header (stable: receivers deduplicate on it).' })
  webhookId: string;

  @ApiProperty({ description: 'Event type of the delivery (alert.group for a group notification).' })
  eventType: string;

  @ApiProperty({ description: 'Why the last attempt failed.' })
  reason: string;

  @ApiProperty({ description: 'Attempts made.' })
  attempts: number;

  @ApiProperty({ description: 'HTTP status of the last attempt (0: no answer).' })
  lastStatus: number;

  @ApiProperty({ description: 'When it became a dead letter.', format: 'date-time' })
  failedAt: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body that was to be delivered.' })
  payload: unknown;
}

export class DeadLetterListDto {
  @ApiProperty({ type: DeadLetterDto, isArray: true, description: 'Dead letters, oldest first.' })
  items: DeadLetterDto[];
}

export class MatcherDto {
  @ApiProperty({ description: 'Label name.', example: 'endpoint_group' })
  @IsString() @Matches(LABEL_NAME, { message: 'name must be a label name (letters, digits, _; not starting with a digit)' })
  name: string;

  @ApiProperty({ description: 'Value, or an anchored regular expression when isRegex.', example: 'FZK-LCG2' })
  @IsString() @Length(0, 1000)
  value: string;

  @ApiPropertyOptional({ description: 'value is a regular expression matching the whole label value (=~); false by default.', example: false })
  @IsOptional() @IsBoolean()
  isRegex?: boolean;

  @ApiPropertyOptional({ description: 'false negates the matcher (!= or !~); true by default.', example: true })
  @IsOptional() @IsBoolean()
  isEqual?: boolean;
}

export class MatcherViewDto {
  @ApiProperty({ description: 'Label name.' })
  name: string;

  @ApiProperty({ description: 'Value or regular expression.' })
  value: string;

  @ApiProperty({ description: 'value is an anchored regular expression.' })
  isRegex: boolean;

  @ApiProperty({ description: 'false: the matcher is negated.' })
  isEqual: boolean;
}

export class CreateSilenceDto {
  @ApiProperty({ type: MatcherDto, isArray: true, description: 'Alerts whose labels match every matcher are silenced (at least one; not all may match an empty label).' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MatcherDto)
  matchers: MatcherDto[];

  @ApiPropertyOptional({ description: 'Start (ISO 8601 with a zone); now when absent or in the past.', format: 'date-time', example: '2026-11-24T12:00:00Z' })
  @IsOptional() @IsDateTime()
  startsAt?: string;

  @ApiProperty({ description: 'End (ISO 8601 with a zone), after the start and in the future.', format: 'date-time', example: '2026-11-24T14:00:00Z' })
  @IsDateTime()
  endsAt: string;

  @ApiProperty({ description: 'Who created it.', example: 'ops@gridka.de' })
  @IsString() @Length(1, 200)
  createdBy: string;

  @ApiProperty({ description: 'Why.', example: 'SRM firmware upgrade' })
  @IsString() @Length(1, 2000)
  comment: string;
}

export const SILENCE_STATES = ['active', 'pending', 'expired'] as const;

export class SilenceListQuery {
  @ApiPropertyOptional({ description: 'Only silences in this state now; all when absent.', enum: SILENCE_STATES })
  @IsOptional() @IsIn(SILENCE_STATES)
  state?: (typeof SILENCE_STATES)[number];
}

export class SilenceDto {
  @ApiProperty({ description: 'The silence id.' })
  id: string;

  @ApiProperty({ type: MatcherViewDto, isArray: true, description: 'Its matchers.' })
  matchers: MatcherViewDto[];

  @ApiProperty({ description: 'Start.', format: 'date-time' })
  startsAt: string;

  @ApiProperty({ description: 'End (the expiry time once expired early).', format: 'date-time' })
  endsAt: string;

  @ApiProperty({ description: 'Who created it.' })
  createdBy: string;

  @ApiProperty({ description: 'Why.' })
  comment: string;

  @ApiProperty({ description: 'When it was created.', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'State at the time of the request.', enum: SILENCE_STATES })
  state: string;
}

export class SilenceListDto {
  @ApiProperty({ type: SilenceDto, isArray: true, description: 'Silences, newest first.' })
  items: SilenceDto[];
}

export class CreateInhibitionRuleDto {
  @ApiProperty({ type: MatcherDto, isArray: true, description: 'A firing alert matching all of these mutes the targets.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MatcherDto)
  sourceMatchers: MatcherDto[];

  @ApiProperty({ type: MatcherDto, isArray: true, description: 'Alerts matching all of these are muted while a source fires.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MatcherDto)
  targetMatchers: MatcherDto[];

  @ApiPropertyOptional({ description: 'Labels whose values source and target must share (a missing label equals an empty one).', type: String, isArray: true, example: ['endpoint_group'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(LABEL_NAME, { each: true, message: 'each equal entry must be a label name' })
  equal?: string[];
}

export class InhibitionRuleDto {
  @ApiProperty({ description: 'The inhibition rule id.' })
  id: string;

  @ApiProperty({ type: MatcherViewDto, isArray: true, description: 'Source matchers.' })
  sourceMatchers: MatcherViewDto[];

  @ApiProperty({ type: MatcherViewDto, isArray: true, description: 'Target matchers.' })
  targetMatchers: MatcherViewDto[];

  @ApiProperty({ description: 'Labels source and target must share.', type: String, isArray: true })
  equal: string[];
}

export class InhibitionRuleListDto {
  @ApiProperty({ type: InhibitionRuleDto, isArray: true, description: "The tenant's inhibition rules." })
  items: InhibitionRuleDto[];
}
