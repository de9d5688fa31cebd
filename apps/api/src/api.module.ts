import { Module } from '@nestjs/common';
import { AlarmsModule } from './alarms/alarms.module';
import { AlertsModule } from './alerts/alerts.module';
import { ArgoModule } from './argo/argo.module';
import { ErrorBudgetsModule } from './budgets/error-budgets.module';
import { AuthModule } from './auth/auth.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { IngestModule } from './ingest/ingest.module';
import { RecomputationsModule } from './recomputations/recomputations.module';
import { RegistryModule } from './registry/registry.module';
import { ResultsModule } from './results/results.module';
import { StatusModule } from './status/status.module';
import { TopologyModule } from './topology/topology.module';

/** The HTTP API: controllers only, wired to handlers. */
@Module({ imports: [AuthModule, RegistryModule, IngestModule, StatusModule, TopologyModule, AlertsModule, AlarmsModule, ErrorBudgetsModule, ResultsModule, RecomputationsModule, ArgoModule], controllers: [HealthController, MetricsController] })
export class ApiModule {}
