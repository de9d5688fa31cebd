import { loadConfig } from '@vigil/config';
import { createPlatformApp } from './platform-app';

async function main(): Promise<void> {
  const app = await createPlatformApp();
  await app.listen(loadConfig().httpPort, '127.0.0.1');
}
void main();
