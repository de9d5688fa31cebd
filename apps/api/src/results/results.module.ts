import { Module } from '@nestjs/common';
import { ResultsController } from './results.controller';
import { GroupTypes } from '../status/group-types.cache';
import { ResultsReader } from './results-reader.service';

/** Read API of the continuous A/R read models (ar_daily, flapping_daily): ARGO's results. */
@Module({ controllers: [ResultsController], providers: [ResultsReader, GroupTypes] })
export class ResultsModule {}
