import { Module } from '@nestjs/common';
import { AlertRulesController } from './alert-rules.controller';
import { AlertWrites } from './alert-writes.service';
import { InhibitionRulesController } from './inhibition-rules.controller';
import { SilencesController } from './silences.controller';
import { WebhooksController } from './webhooks.controller';

/** Alert rules, the current alert set, webhook subscriptions and their dead letters, silences and inhibition rules. */
@Module({ controllers: [AlertRulesController, WebhooksController, SilencesController, InhibitionRulesController], providers: [AlertWrites] })
export class AlertsModule {}
