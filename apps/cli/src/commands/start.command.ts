import { Logger } from '@nestjs/common';
import { loadConfig } from '@vigil/config';
import { createPlatformApp } from '../../../api/src/platform-app';
import type { CliCommand } from '../command';
import { migrate } from './migrate.command';

export const startCommand: CliCommand = {
  path: ['start'],
  summary: 'run the platform: migrations, HTTP API and projectors',
  help: 'Usage: vigil start\n\nApplies ClickHouse migrations, then serves the API on VIGIL_HTTP_PORT (default 3000) and runs the projectors; ingest (vigil.ingest.metrics.<tenant>) has a thread of its own, the projectors and the API share the main one.\nCtrl-C first drains ingest (messages taken are appended and acknowledged, the rest stay queued), then stops the projectors, lets in-flight writes finish and exits; unacknowledged events are redelivered on the next start.',
  async run() {
    const config = loadConfig();
    const log = new Logger('vigil');
    const report = await migrate();
    log.log(`migrations: ${report.applied.length} applied, ${report.alreadyApplied.length} already there`);
    const app = await createPlatformApp();
    await app.listen(config.httpPort, config.httpHost);
    log.log(`listening on http://${config.httpHost}:${config.httpPort} (GET /health)`);
    await new Promise<void>((resolve) => {
      const stop = () => void app.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
