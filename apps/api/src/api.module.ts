import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** The HTTP API: controllers only, wired to handlers. */
@Module({ controllers: [HealthController] })
export class ApiModule {}
