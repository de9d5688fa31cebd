/** Probe results of a tenant spread over this many `probe` streams: parallel appends, bounded streams. */
export const PROBE_SHARDS = 8;

/** FNV-1a of the hostname: an endpoint's results always land in the same shard, in order. */
export function shardOf(hostname: string, shards: number = PROBE_SHARDS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < hostname.length; i++) {
    h ^= hostname.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export const shardStreamId = (shard: number): string => `shard-${shard}`;
