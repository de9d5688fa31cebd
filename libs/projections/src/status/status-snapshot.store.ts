import { gunzipSync, gzipSync } from 'node:zlib';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { StatusProjectionSnapshot } from './status.projection';

export const STATUS_SNAPSHOT_BUCKET = 'vigil_status_snapshots';
/** NATS' default max payload is 1 MB: values stay well below it. */
const CHUNK_BYTES = 768 * 1024;

interface Manifest {
  generation: number;
  sequence: number;
  chunks: number;
  bytes: number;
}

/**
 * Snapshots of the status projection in JetStream KV: the gzipped JSON cut into chunks under
 * `<name>.g<generation>.<i>`, then a manifest `<name>.manifest` naming them. The manifest is written
 * last and the previous generation deleted after it, so a crash mid-save leaves the last snapshot whole.
 */
export class StatusSnapshotStore {
  private constructor(
    private readonly kv: KV,
    private readonly name: string,
  ) {}

  /** `name` separates projection versions (default `status-v1`). */
  static async open(nc: NatsConnection, o: { bucket?: string; name?: string } = {}): Promise<StatusSnapshotStore> {
    const kv = await new Kvm(nc).create(o.bucket ?? STATUS_SNAPSHOT_BUCKET, { history: 1 });
    return new StatusSnapshotStore(kv, o.name ?? 'status-v1');
  }

  async load(): Promise<StatusProjectionSnapshot | undefined> {
    const manifest = await this.manifest();
    if (!manifest) return undefined;
    const parts: Uint8Array[] = [];
    for (let i = 0; i < manifest.chunks; i++) {
      const entry = await this.kv.get(this.chunkKey(manifest.generation, i));
      if (!entry || entry.operation !== 'PUT') throw new Error(`status snapshot ${this.name} generation ${manifest.generation}: chunk ${i} is missing`);
      parts.push(entry.value);
    }
    return JSON.parse(gunzipSync(Buffer.concat(parts)).toString('utf8')) as StatusProjectionSnapshot;
  }

  async save(snapshot: StatusProjectionSnapshot): Promise<void> {
    const previous = await this.manifest();
    const generation = (previous?.generation ?? 0) + 1;
    const bytes = gzipSync(Buffer.from(JSON.stringify(snapshot), 'utf8'));
    const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    for (let i = 0; i < chunks; i++) await this.kv.put(this.chunkKey(generation, i), bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
    const manifest: Manifest = { generation, sequence: snapshot.sequence, chunks, bytes: bytes.length };
    await this.kv.put(this.manifestKey(), JSON.stringify(manifest));
    if (previous) for (let i = 0; i < previous.chunks; i++) await this.kv.purge(this.chunkKey(previous.generation, i));
  }

  /** The stream sequence the saved snapshot reflects (0 when there is none). */
  async sequence(): Promise<number> {
    return (await this.manifest())?.sequence ?? 0;
  }

  private async manifest(): Promise<Manifest | undefined> {
    const entry = await this.kv.get(this.manifestKey());
    return entry && entry.operation === 'PUT' ? (entry.json<Manifest>()) : undefined;
  }

  private manifestKey(): string {
    return `${this.name}.manifest`;
  }

  private chunkKey(generation: number, i: number): string {
    return `${this.name}.g${generation}.${i}`;
  }
}
