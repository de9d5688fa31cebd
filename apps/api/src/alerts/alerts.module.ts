import { Module } from '@nestjs/common';
import { AlertRulesController } from './alert-rules.controller';
import { AlertWrites } from './alert-writes.service';
import { WebhooksController } from './webhooks.controller';

/** Alert rules, the current alert set, webhook subscriptions and their dead letters. */
@Module({ controllers: [AlertRulesController, WebhooksController], providers: [AlertWrites] })
export class AlertsModule {}
