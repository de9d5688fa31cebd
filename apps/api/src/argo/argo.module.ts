import { Module } from '@nestjs/common';
import { ArgoImportController } from './argo-import.controller';
import { StatusSettingsController } from './status-settings.controller';

/** Admin API of the tenant's ARGO profiles and feeds, and of its status settings: all of them events. */
@Module({ controllers: [ArgoImportController, StatusSettingsController] })
export class ArgoModule {}
