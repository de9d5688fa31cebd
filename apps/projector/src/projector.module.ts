import { Module } from '@nestjs/common';
import { ProjectorService } from './projector.service';

/** The stream computations: projections from JetStream into ClickHouse. */
@Module({ providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectorModule {}
