import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { lastTickedMinute, tick, type EventStore } from '@vigil/event-store';
import { EVENT_STORE } from '@vigil/platform';

/** Appends a ClockTicked event every minute: projections take time only from the log, so replays agree. */
@Injectable()
export class ClockTickerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Clock');
  private timer?: NodeJS.Timeout;
  private last?: number;
  private running = false;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationBootstrap(): Promise<void> {
    this.last = await lastTickedMinute(this.store);
    await this.beat();
    this.timer = setInterval(() => void this.beat(), 5_000);
  }

  private async beat(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      this.last = await tick(this.store, Date.now(), this.last);
    } catch (err) {
      this.log.warn(`tick failed (will retry): ${err instanceof Error ? err.message : err}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
