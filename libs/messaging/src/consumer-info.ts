import { JetStreamApiError, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream';

const CONSUMER_NOT_FOUND = 10014;

/** The consumer's info, or null when it does not exist. Any other failure (a timeout under load) is thrown, never taken for "missing". */
export async function consumerInfoOrNull(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (isConsumerNotFound(err)) return null;
    throw err;
  }
}

export const isConsumerNotFound = (err: unknown): boolean => err instanceof JetStreamApiError && err.code === CONSUMER_NOT_FOUND;
