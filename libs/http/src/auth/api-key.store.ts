import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { NotFound } from '@vigil/domain';
import type { Principal, Role } from './auth.decorators';
import {
  generateKey,
  generateKeyId,
  hashKey,
  invalidKeyRequest,
  isKeyId,
  isWellFormedKey,
  toInfo,
  toPrincipal,
  type ApiKeyInfo,
  type ApiKeyRecord,
} from './api-key';

export const API_KEYS_BUCKET = 'vigil_api_keys';

/** Record keys are one token (the key id); index keys are `hash.<sha256>`, so a `*` watch sees records only. */
export const RECORD_FILTER = '*';
const indexKey = (hash: string): string => `hash.${hash}`;

export class InvalidApiKeyRequest extends Error {
  override readonly name = 'InvalidApiKeyRequest';
}

/** API keys in a JetStream KV bucket: record by id, plus an index by hash for O(1) verification. */
export class ApiKeyStore {
  private constructor(readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket = API_KEYS_BUCKET): Promise<ApiKeyStore> {
    return new ApiKeyStore(await new Kvm(nc).create(bucket, { history: 5 }));
  }

  /** Creates a key; the returned `key` is the only time it exists outside the caller. */
  async create(role: Role, tenant: string, label?: string): Promise<{ id: string; key: string; record: ApiKeyRecord }> {
    const invalid = invalidKeyRequest(role, tenant, label);
    if (invalid) throw new InvalidApiKeyRequest(invalid);
    const key = generateKey();
    const record: ApiKeyRecord = { id: generateKeyId(), tenant, role, hash: hashKey(key), createdAt: new Date().toISOString(), ...(label ? { label } : {}) };
    await this.kv.create(record.id, JSON.stringify(record));
    await this.kv.create(indexKey(record.hash), record.id);
    return { id: record.id, key, record };
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    if (!isKeyId(id)) return undefined;
    const entry = await this.kv.get(id);
    return entry && entry.operation === 'PUT' ? entry.json<ApiKeyRecord>() : undefined;
  }

  /** Every key (of one tenant), oldest first, without hashes. */
  async list(tenant?: string): Promise<ApiKeyInfo[]> {
    const ids: string[] = [];
    for await (const id of await this.kv.keys(RECORD_FILTER)) ids.push(id);
    const records = (await Promise.all(ids.map((id) => this.get(id)))).filter((r): r is ApiKeyRecord => !!r);
    return records
      .filter((r) => tenant === undefined || r.tenant === tenant)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(toInfo);
  }

  async hasAnyKey(): Promise<boolean> {
    for await (const _ of await this.kv.keys(RECORD_FILTER)) return true;
    return false;
  }

  /** Revokes a key for good; revoking a revoked key changes nothing. */
  async revoke(id: string): Promise<ApiKeyInfo> {
    for (;;) {
      const entry = isKeyId(id) ? await this.kv.get(id) : null;
      if (!entry || entry.operation !== 'PUT') throw new NotFound('API key', id);
      const record = entry.json<ApiKeyRecord>();
      if (record.revokedAt) return toInfo(record);
      const revoked: ApiKeyRecord = { ...record, revokedAt: new Date().toISOString() };
      try {
        await this.kv.update(id, JSON.stringify(revoked), entry.revision);
        return toInfo(revoked);
      } catch (err) {
        if (!isWrongLastSequence(err)) throw err;
      }
    }
  }

  /** The principal of a live key, read from the bucket (the API's cache answers without a round trip). */
  async verify(key: string): Promise<Principal | undefined> {
    if (!isWellFormedKey(key)) return undefined;
    const hash = hashKey(key);
    const index = await this.kv.get(indexKey(hash));
    if (!index || index.operation !== 'PUT') return undefined;
    const record = await this.get(index.string());
    return record && record.hash === hash && !record.revokedAt ? toPrincipal(record) : undefined;
  }
}

/** A concurrent revoke won the race: read again. */
const isWrongLastSequence = (err: unknown): boolean =>
  err instanceof JetStreamApiError &&
  ([JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown] as number[]).includes(err.code);
