import { START, type ReadPosition } from '@kurrent/kurrentdb-client';

/** u64 max (-1 on the wire) is how the server says "no position". */
const NO_POSITION = 2n ** 63n;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A commit position (a byte offset in KurrentDB's log) as the port's number. Exact up to 2^53 bytes
 * (8 PiB of log); beyond that it throws rather than let two events share a position.
 */
export function toPosition(commit: bigint | undefined): number | undefined {
  if (commit === undefined || commit < 0n || commit >= NO_POSITION) return undefined;
  if (commit > MAX_EXACT) throw new RangeError(`KurrentDB commit position ${commit} exceeds Number.MAX_SAFE_INTEGER`);
  return Number(commit);
}

/**
 * Where a subscription resumes. KurrentDB start positions are exclusive, and an event appended through
 * gRPC has prepare = commit position, so the checkpoint itself is "the position after the checkpoint".
 */
export function fromCheckpoint(after: number | undefined): ReadPosition {
  if (after === undefined || after < 0) return START;
  return { commit: BigInt(after), prepare: BigInt(after) };
}
