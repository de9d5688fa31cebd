import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { VigilConfig } from '@vigil/config';
import { KurrentDbEventStore, KurrentDbRelay, type EventStore } from '@vigil/event-store';
import { CONFIG, EVENT_STORE, NATS, Readiness } from '@vigil/platform';

/** With VIGIL_EVENT_STORE=kurrentdb, forwards committed events to JetStream; restarts after a failure (it resumes from its checkpoint). */
@Injectable()
export class KurrentDbRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Relay');
  private relay?: KurrentDbRelay;
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: VigilConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NATS) private readonly nc: NatsConnection,
    private readonly readiness: Readiness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.eventStore !== 'kurrentdb') return;
    this.readiness.expect('relay');
    await this.run();
  }

  private async run(): Promise<void> {
    this.relay = await KurrentDbRelay.start(this.store as KurrentDbEventStore, this.nc);
    this.readiness.set('relay', true);
    this.relay.done.catch((err) => {
      if (this.stopped) return;
      this.log.error(`relay stopped: ${err instanceof Error ? err.message : err}; restarting in 1 s`);
      this.readiness.set('relay', false, 'restarting');
      setTimeout(() => void this.run().catch((e) => this.log.error(String(e))), 1000);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.relay?.stop();
  }
}
