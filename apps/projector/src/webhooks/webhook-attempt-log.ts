import type { ClickHouse } from '@vigil/read-models';

export interface AttemptRow {
  tenant: string;
  subscription_id: string;
  webhook_id: string;
  event_type: string;
  url: string;
  attempt: number;
  status: number;
  outcome: string;
  latency_ms: number;
  error: string;
  attempted_at: Date;
}

/**
 * webhook_attempts rows written in batches (every `flushMs` or `maxRows`): one insert per delivery
 * would bound the worker by ClickHouse round trips. A failed insert keeps its rows for the next
 * flush (up to `keepRows`); `close()` writes what is left.
 */
export class AttemptLog {
  private rows: AttemptRow[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly clickhouse: ClickHouse,
    private readonly log: (message: string) => void = () => undefined,
    private readonly flushMs = 200,
    private readonly maxRows = 1_000,
    private readonly keepRows = 100_000,
  ) {}

  add(row: AttemptRow): void {
    this.rows.push(row);
    if (this.rows.length >= this.maxRows) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.rows;
    this.rows = [];
    if (rows.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() =>
      this.clickhouse.insert('webhook_attempts', rows).catch((err: unknown) => {
        this.log(`webhook attempts not logged yet (${rows.length} rows, retried): ${String(err)}`);
        this.rows = [...rows, ...this.rows].slice(-this.keepRows);
        this.timer ??= setTimeout(() => void this.flush(), this.flushMs * 10);
      }),
    );
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
  }
}
