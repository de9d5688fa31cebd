import { loadConfig } from '@vigil/config';
import { createPlatformApp } from './platform-app';

async function main(): Promise<void> {
  const app = await createPlatformApp();
  const config = loadConfig();
  await app.listen(config.httpPort, config.httpHost);
}
void main();
