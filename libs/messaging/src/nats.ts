import { connect, type NatsConnection } from '@nats-io/transport-node';

/** One connection per process role; reconnects forever so a NATS restart does not kill Vigil. */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}
