import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
import { GroupTypes } from './group-types.cache';
import { StatusReader } from './status-reader.service';

/** Read API of the status read models (status_current, status_history). */
@Module({ controllers: [StatusController], providers: [StatusReader, GroupTypes] })
export class StatusModule {}
