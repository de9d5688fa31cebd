/** A progress line on stderr: redrawn in place on a terminal, a line per 10 % otherwise (logs, CI). */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, force = false): void {
    const now = Date.now();
    const share = this.total > 0 ? Math.min(1, done / this.total) : 1;
    if (this.out.isTTY) {
      if (!force && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.out.write(`\r${this.line(done, share)}`);
    } else {
      const decile = Math.floor(share * 10);
      if (decile <= this.lastDecile && !force) return; // a backlog that grew moves the share back: no line again
      this.lastDecile = decile;
      this.out.write(`${this.line(done, share)}\n`);
    }
  }

  /** More to do than first known (a backlog that grew): rate and ETA keep their start. */
  grow(total: number): void {
    this.total = Math.max(this.total, total);
  }

  finish(done: number): void {
    this.update(done, this.out.isTTY === true);
    if (this.out.isTTY) this.out.write('\n');
  }

  private line(done: number, share: number): string {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const eta = rate > 0 && done < this.total ? ` ETA ${Math.ceil((this.total - done) / rate)}s` : '';
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    return `${this.label} [${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} ${rate.toLocaleString('en')}/s${eta}`;
  }
}
