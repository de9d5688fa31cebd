/** Running figures of one projector, for /metrics and the bench. */
export class ProjectorStats {
  events = 0;
  batches = 0;
  lastSequence = 0;
  private readonly started = Date.now();
  private window: { at: number; events: number }[] = [];

  record(events: number, lastSequence: number): void {
    this.events += events;
    this.batches += 1;
    this.lastSequence = lastSequence;
    const now = Date.now();
    this.window.push({ at: now, events });
    this.window = this.window.filter((w) => w.at > now - 10_000);
  }

  /** Events per second over the last 10 s (or since start, if younger). */
  rate(): number {
    const span = Math.min(10_000, Date.now() - this.started) / 1000;
    return span > 0 ? this.window.reduce((n, w) => n + w.events, 0) / span : 0;
  }
}
