import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
import { StatusReader } from './status-reader.service';

/** Read API of the status read models (status_current, status_history). */
@Module({ controllers: [StatusController], providers: [StatusReader] })
export class StatusModule {}
