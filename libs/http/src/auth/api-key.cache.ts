import { Logger } from '@nestjs/common';
import type { KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import type { Principal } from './auth.decorators';
import { hashKey, isWellFormedKey, toPrincipal, type ApiKeyRecord } from './api-key';
import { RECORD_FILTER, type ApiKeyStore } from './api-key.store';

/** What the guard needs: who a presented key belongs to, if anyone. */
export interface ApiKeyVerifier {
  verify(key: string): Promise<Principal | undefined>;
}

/**
 * Every key record in memory, kept current by a KV watch: a key created or revoked
 * from the CLI takes effect in the running API without a restart or a per-request round trip.
 */
export class ApiKeyCache implements ApiKeyVerifier {
  private readonly log = new Logger('ApiKeys');
  private readonly byHash = new Map<string, ApiKeyRecord>();
  private readonly hashById = new Map<string, string>();
  private watcher?: QueuedIterator<KvWatchEntry>;
  private closed = false;

  private constructor(private readonly store: ApiKeyStore) {}

  /** Resolves once every existing key is loaded. */
  static async start(store: ApiKeyStore): Promise<ApiKeyCache> {
    const cache = new ApiKeyCache(store);
    await cache.watch();
    return cache;
  }

  get size(): number {
    return this.byHash.size;
  }

  async verify(key: string): Promise<Principal | undefined> {
    if (!isWellFormedKey(key)) return undefined;
    const record = this.byHash.get(hashKey(key));
    if (record) return record.revokedAt ? undefined : toPrincipal(record);
    // A key created a moment ago may not have reached the watch yet: the bucket decides.
    return this.store.verify(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.stop();
  }

  private async watch(): Promise<void> {
    // A restarted watch reloads everything; meanwhile misses fall through to the bucket.
    this.byHash.clear();
    this.hashById.clear();
    const watcher = await this.store.kv.watch({ key: RECORD_FILTER });
    this.watcher = watcher;
    let loaded!: () => void;
    const initial = new Promise<void>((resolve) => (loaded = resolve));
    void this.consume(watcher, loaded);
    // With nothing stored, the watch has no initial entries to wait for.
    if (!(await this.store.hasAnyKey())) loaded();
    await initial;
  }

  private async consume(watcher: QueuedIterator<KvWatchEntry>, loaded: () => void): Promise<void> {
    try {
      for await (const entry of watcher) {
        this.apply(entry);
        if (entry.isUpdate) loaded();
      }
    } catch (err) {
      this.log.error(`API key watch failed: ${err}`);
    }
    loaded(); // never leave start() waiting on a watch that is gone
    if (this.closed) return;
    this.log.warn('API key watch ended; restarting');
    const restart = () => !this.closed && void this.watch().catch((err) => this.log.error(`API key watch restart: ${err}`));
    setTimeout(restart, 1000).unref();
  }

  private apply(entry: KvWatchEntry): void {
    const previous = this.hashById.get(entry.key);
    if (previous !== undefined) this.byHash.delete(previous);
    this.hashById.delete(entry.key);
    if (entry.operation !== 'PUT') return;
    try {
      const record = entry.json<ApiKeyRecord>();
      this.byHash.set(record.hash, record);
      this.hashById.set(entry.key, record.hash);
    } catch {
      this.log.warn(`API key ${entry.key}: unreadable record ignored`);
    }
  }
}
