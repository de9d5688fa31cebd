import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformModule, StderrLogger } from '@vigil/platform';
import { ProjectorModule } from '../../projector/src/projector.module';
import { ApiModule } from './api.module';
import { configureHttp } from './http-app';

/** API, projectors (and later the webhook dispatcher) in one process: what `npm start` runs. */
@Module({ imports: [PlatformModule, ApiModule, ProjectorModule] })
export class PlatformAppModule {}

export async function createPlatformApp(): Promise<INestApplication> {
  const app = await NestFactory.create(PlatformAppModule, { logger: new StderrLogger(), bufferLogs: false });
  return configureHttp(app);
}
