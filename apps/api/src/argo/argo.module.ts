import { Module } from '@nestjs/common';
import { ArgoImportBodyParser } from './argo-import-body';
import { ArgoImportController } from './argo-import.controller';
import { StatusSettingsController } from './status-settings.controller';

/** Admin API of the tenant's ARGO profiles and feeds, and of its status settings: all of them events. */
@Module({ controllers: [ArgoImportController, StatusSettingsController], providers: [ArgoImportBodyParser] })
export class ArgoModule {}
