import type { INestApplication } from '@nestjs/common';
import { ErrorFilter, RequestContextInterceptor, requestLogging, validationPipe } from '@vigil/http';
import { argoImportBody } from './argo/argo-import-body';
import { metricResultsBody } from './ingest/metric-results-body.middleware';
import { setupOpenApi } from './openapi';

/** HTTP settings shared by `vigil start` and the e2e tests. */
export function configureHttp(app: INestApplication): INestApplication {
  app.use(requestLogging()); // first: ids and the completion line for every request, refused ones included
  app.use('/api/v1/metric-results', metricResultsBody); // 10k-record batches: before Nest's 100 kB default parser
  app.use('/api/v1/argo/import', argoImportBody); // whole topology feeds: megabytes
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalInterceptors(new RequestContextInterceptor());
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
