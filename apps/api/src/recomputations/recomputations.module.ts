import { Module } from '@nestjs/common';
import { RecomputationWrites } from './recomputation-writes.service';
import { RecomputationsController } from './recomputations.controller';

/** Recomputations: requested, listed and withdrawn here; run by the projector's recompute worker. */
@Module({ controllers: [RecomputationsController], providers: [RecomputationWrites] })
export class RecomputationsModule {}
