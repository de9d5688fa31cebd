import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform';
import { ProjectorModule } from './projector.module';

@Module({ imports: [PlatformModule, ProjectorModule] })
class ProjectorAppModule {}

/** Projectors alone, without HTTP (for scaling them apart from the API). */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ProjectorAppModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
}
void main();
