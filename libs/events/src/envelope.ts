/** What every stored event carries besides its data (the envelope). Times are ms since epoch. */
export interface EventEnvelope {
  eventId: string;
  type: string;
  schemaVersion: number;
  fingerprint: string;
  tenant: string;
  category: string;
  streamId: string;
  occurredAt: number;
  recordedAt: number;
  correlationId: string | null;
  causationId: string | null;
}

/** An event read back from the store, with where it sits. */
export interface RecordedEvent<T = unknown> extends EventEnvelope {
  data: T;
  /** 0-based revision within its stream. */
  revision: number;
  /** Global, unique and increasing: commit sequence × 10,000 + index within the commit. */
  position: number;
}

/** An event to append. A missing eventId gets a random UUID; a retry must reuse the ids to stay idempotent. */
export interface NewEvent<T = unknown> {
  type: string;
  data: T;
  eventId?: string;
  occurredAt?: number;
  correlationId?: string | null;
  causationId?: string | null;
}

/** Events per commit are bounded so that position = sequence × 10,000 + index stays unique. */
export const MAX_EVENTS_PER_COMMIT = 10_000;

export const positionOf = (sequence: number, index: number): number => sequence * MAX_EVENTS_PER_COMMIT + index;
export const sequenceOf = (position: number): number => Math.floor(position / MAX_EVENTS_PER_COMMIT);
export const indexOf = (position: number): number => position % MAX_EVENTS_PER_COMMIT;
