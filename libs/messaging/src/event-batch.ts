import type { RecordedEvent } from '@vigil/events';

/** Decoded events of consecutive JetStream messages; `ack` only once the sink has committed them. */
export interface EventBatch {
  events: RecordedEvent[];
  /** Stream sequence of the last message in the batch: the checkpoint it reflects. */
  lastSequence: number;
  /** Messages in the batch (a message is one commit of one or more events). */
  messages: number;
  ack(): void;
}
