export { clickhouseUrl, natsUrl, randomRun } from './servers';
export { createTestDatabase, type TestDatabase } from './clickhouse-database';
export { openEventStoreBed, type EventStoreBed } from './event-store-bed';
export { createKey, revokeKeys, authHeaders, removeKeys } from './api-keys';
export { testPlatformModule, type TestPlatform } from './test-platform';
export { useTestDatabase, useEventStoreBed } from './hooks';
export { settledStatusProjector, settledArProjector } from './bed-projectors';
export { repoRoot, runVigil } from './cli';
export { startWebhookReceiver, until, type WebhookReceiver, type WebhookReceipt } from './webhook-receiver';
