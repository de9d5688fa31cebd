import type { INestApplication } from '@nestjs/common';
import { ErrorFilter, validationPipe } from '@vigil/http';

/** HTTP settings shared by `vigil start` and the e2e tests. */
export function configureHttp(app: INestApplication): INestApplication {
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  return app;
}
