import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { Public } from '@vigil/http';
import type { Response } from 'express';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClickHouse } from '@vigil/read-models';
import { CLICKHOUSE, NATS, Readiness } from '@vigil/platform';

/** Public probes: /health for "up and ready", /ready for what each dependency says. */
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
  ) {}

  @Get('health')
  health(@Res() res: Response): void {
    const ready = this.readiness.ready && !this.nc.isClosed();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'starting', components: this.readiness.snapshot() });
  }

  @Get('ready')
  @HttpCode(200)
  async ready(@Res() res: Response): Promise<void> {
    const [nats, clickhouse] = await Promise.all([this.checkNats(), this.clickhouse.ping().catch(() => false)]);
    const ok = nats && clickhouse && this.readiness.ready;
    res.status(ok ? 200 : 503).json({ ready: ok, nats, clickhouse, eventStore: nats, components: this.readiness.snapshot() });
  }

  private async checkNats(): Promise<boolean> {
    if (this.nc.isClosed()) return false;
    return this.nc.flush().then(() => true, () => false);
  }
}
