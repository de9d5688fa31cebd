import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

export const REPLAY_BUCKET = 'vigil_replays';

/** Where a replay of one projection into one database stands; kept until its swap is done. */
export interface ReplayProgress {
  projection: string;
  version: number;
  /** The rebuilt window, as stream sequences (`to` 0: up to the end of the log). */
  fromSequence: number;
  toSequence: number;
  /** Last stream sequence whose rows are committed to the shadow tables. */
  sequence: number;
  events: number;
  phase: 'replaying' | 'swapping';
  startedAt: string;
}

/** Replay checkpoints in JetStream KV (`vigil_replays`), one key per database and projection. */
export class ReplayProgressStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket = REPLAY_BUCKET): Promise<ReplayProgressStore> {
    return new ReplayProgressStore(await new Kvm(nc).create(bucket, { history: 1 }));
  }

  private static key(database: string, projection: string): string {
    return `${database}.${projection}`;
  }

  async load(database: string, projection: string): Promise<ReplayProgress | undefined> {
    const entry = await this.kv.get(ReplayProgressStore.key(database, projection));
    return entry && entry.operation === 'PUT' && entry.length > 0 ? (entry.json<ReplayProgress>()) : undefined;
  }

  async save(database: string, p: ReplayProgress): Promise<void> {
    await this.kv.put(ReplayProgressStore.key(database, p.projection), JSON.stringify(p));
  }

  async clear(database: string, projection: string): Promise<void> {
    await this.kv.delete(ReplayProgressStore.key(database, projection));
  }
}
