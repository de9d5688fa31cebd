import { loadConfig } from '@vigil/config';
import { ApiKeyStore } from '@vigil/http';
import { connectNats } from '@vigil/messaging';

/** Opens the API key bucket on VIGIL_NATS_URL for one CLI command, and closes the connection after. */
export async function withKeyStore<T>(work: (store: ApiKeyStore) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const nats = await connectNats(config.natsUrl, 'vigil-keys');
  try {
    return await work(await ApiKeyStore.open(nats, config.apiKeysBucket));
  } finally {
    await nats.close();
  }
}
