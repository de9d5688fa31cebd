import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { VigilConfig } from '@vigil/config';
import { API_KEY_VERIFIER, ApiKeyCache, ApiKeyGuard, ApiKeyStore, bootstrapAdminKey } from '@vigil/http';
import { CONFIG, NATS } from '@vigil/platform';

/** Nest token of the bucket name (AuthModule.withBucket points it elsewhere). */
export const API_KEYS_BUCKET_NAME = 'vigil:api-keys-bucket';

/** API keys: every route is guarded, and the key cache follows the bucket live. */
@Module({
  providers: [
    { provide: API_KEYS_BUCKET_NAME, inject: [CONFIG], useFactory: (config: VigilConfig) => config.apiKeysBucket },
    {
      provide: ApiKeyStore,
      inject: [NATS, CONFIG, API_KEYS_BUCKET_NAME],
      useFactory: async (nc: NatsConnection, config: VigilConfig, bucket: string): Promise<ApiKeyStore> => {
        const store = await ApiKeyStore.open(nc, bucket);
        const file = await bootstrapAdminKey(store, config.dataDir, config.defaultTenant, bucket);
        if (file) new Logger('Auth').log(`first start: admin key for tenant '${config.defaultTenant}' written to ${file}`);
        return store;
      },
    },
    { provide: API_KEY_VERIFIER, inject: [ApiKeyStore], useFactory: (store: ApiKeyStore) => ApiKeyCache.start(store) },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyStore, API_KEY_VERIFIER],
})
export class AuthModule implements OnApplicationShutdown {
  constructor(@Inject(API_KEY_VERIFIER) private readonly cache: ApiKeyCache) {}

  /** The same module on another bucket, so a test can start from no key at all; Nest lets dynamic providers override static ones. */
  static withBucket(bucket: string): DynamicModule {
    return { module: AuthModule, providers: [{ provide: API_KEYS_BUCKET_NAME, useValue: bucket }] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cache.close();
  }
}
